"""How a register item changes: a new version only when a value changed."""

from collections.abc import Mapping
from typing import Any, TypeVar

from arendo_kit.repository import AggregateRoot

A = TypeVar("A", bound=AggregateRoot)


def revised(aggregate: A, fields: Mapping[str, Any]) -> A:
    """The aggregate with `fields` at the next version, or the same aggregate when nothing differs,
    so saving an unchanged form publishes nothing."""
    if all(getattr(aggregate, key) == value for key, value in fields.items()):
        return aggregate
    # model_copy keeps the pending outbox; the caller validated the fields.
    return aggregate.model_copy(update={**fields, "version": aggregate.next_version()})
