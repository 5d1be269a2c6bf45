"""What the admin registers' repositories share: a unique key that answers 409 naming the field,
and a search on the folded name copy (no collation in the portable subset)."""

import re
from collections.abc import Callable, Sequence
from typing import Any, ClassVar, TypeVar

from pymongo.errors import DuplicateKeyError

from arendo_contracts import CloudEvent
from arendo_kit.errors import ConcurrencyConflict, Conflict
from arendo_kit.repository import AggregateRepository, AggregateRoot
from arendo_kit.text import swedish_sort_key
from inbox_service.domain.search import fold

A = TypeVar("A", bound=AggregateRoot)

WITHOUT_OUTBOX = {"outbox": 0}


def contains(text: str) -> dict[str, str]:
    """A case-insensitive "contains" match, the one regex form the portable subset allows."""
    return {"$regex": re.escape(text), "$options": "i"}


class RegisterRepository(AggregateRepository[A]):
    unique_key: ClassVar[str] = "name_lower"
    unique_field: ClassVar[str] = "name"
    taken_message: ClassVar[str] = "Namnet är upptaget"
    search_field: ClassVar[str] = "search_key"

    def sort_key(self, item: A) -> Any:
        return swedish_sort_key(str(getattr(item, "name", item.id)))

    async def store(self, aggregate: A, *, events: Sequence[CloudEvent] = ()) -> None:
        # The use case checks the key first; the unique index still decides a race between two admins.
        try:
            await super().store(aggregate, events=events)
        except DuplicateKeyError as exc:
            raise Conflict(self.taken_message, field=self.unique_field) from exc
        except ConcurrencyConflict:
            if aggregate.version == 1 and await self.collection.find_one({"_id": aggregate.id}, {"_id": 1}) is None:
                raise Conflict(self.taken_message, field=self.unique_field) from None
            raise

    async def key_taken(self, value: str, *, other_than: str | None = None, **scope: Any) -> bool:
        doc = await self.collection.find_one({**scope, self.unique_key: value}, {"_id": 1})
        return doc is not None and doc["_id"] != other_than

    async def search(self, *, text: str | None, include_inactive: bool = False) -> list[A]:
        """Items whose folded search copy contains the folded text; blank text lists them all."""
        query: dict[str, Any] = {}
        if not include_inactive:
            query["active"] = True
        needle = fold(text or "")
        if needle:
            query[self.search_field] = contains(needle)
        return await self.find(query, key=self.sort_key)

    async def find(self, query: dict[str, Any], *, key: Callable[[A], Any] | None = None) -> list[A]:
        docs = await self.collection.find(query, WITHOUT_OUTBOX).to_list()
        return sorted((self.from_document(d) for d in docs), key=key or self.sort_key)
