"""What the register use cases share: the If-Match check and saving a change with its event."""

from collections.abc import Callable
from typing import TypeVar

from arendo_contracts import CloudEvent
from arendo_kit.errors import PreconditionFailed
from arendo_kit.repository import AggregateRepository, AggregateRoot

A = TypeVar("A", bound=AggregateRoot)


def expect_version(aggregate: AggregateRoot, expected: int, *, what: str) -> None:
    """The admin changes what they read; anything else is a 412 telling them to reload."""
    if aggregate.version != expected:
        raise PreconditionFailed(
            f"{what} har ändrats av någon annan (version {aggregate.version}, du utgick från {expected}); "
            "läs om och försök igen",
            field="If-Match",
        )


async def save_change(
    repository: AggregateRepository[A], *, before: A, after: A, event: Callable[[A], CloudEvent]
) -> A:
    """Store a changed item with its change event; an unchanged one is neither stored nor published."""
    if after is before:
        return before
    await repository.store(after, events=[event(after)])
    return after
