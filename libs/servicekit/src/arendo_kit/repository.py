"""Aggregates written whole with a version check, their events in the same write (the outbox).

An aggregate's `version` is the version being written: a new aggregate is stored at version 1
by insert; a changed one at `version` with a filter on `version - 1`, so a writer that read a
stale copy misses and gets a ConcurrencyConflict instead of overwriting a newer change.
"""

from collections.abc import Callable, Iterable, Sequence
from typing import Any, ClassVar, Generic, TypeVar

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr
from pymongo.asynchronous.collection import AsyncCollection
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError

from arendo_contracts import CloudEvent
from arendo_kit.errors import ConcurrencyConflict, NotFound
from arendo_kit.mongo import Document, to_document

OUTBOX_FIELD = "outbox"


class AggregateRoot(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: str
    version: int = Field(ge=1)

    # Events saved with an earlier version and not yet relayed; kept across a whole-document write.
    _pending_outbox: list[Document] = PrivateAttr(default_factory=list)

    def next_version(self) -> int:
        return self.version + 1


A = TypeVar("A", bound=AggregateRoot)


class AggregateRepository(Generic[A]):
    collection_name: ClassVar[str]
    model: type[A]
    not_found_message: ClassVar[str] = "Not found"

    def __init__(self, db: AsyncDatabase[Document], *, on_stored: Callable[[], None] | None = None) -> None:
        self.collection: AsyncCollection[Document] = db[self.collection_name]
        self._on_stored = on_stored

    async def get(self, aggregate_id: str) -> A | None:
        doc = await self.collection.find_one({"_id": aggregate_id})
        return None if doc is None else self.from_document(doc)

    async def get_many(self, aggregate_ids: Iterable[str]) -> dict[str, A]:
        """The aggregates of those ids that exist, by id, in one query."""
        wanted = sorted(set(aggregate_ids))
        if not wanted:
            return {}
        docs = await self.collection.find({"_id": {"$in": wanted}}).to_list()
        return {doc["_id"]: self.from_document(doc) for doc in docs}

    async def require(self, aggregate_id: str) -> A:
        found = await self.get(aggregate_id)
        if found is None:
            raise NotFound(self.not_found_message)
        return found

    async def store(self, aggregate: A, *, events: Sequence[CloudEvent] = ()) -> None:
        doc = self.to_document(aggregate)
        outbox = [*aggregate._pending_outbox, *(e.model_dump(mode="json", exclude_none=True) for e in events)]
        if outbox:
            doc[OUTBOX_FIELD] = outbox
        if aggregate.version == 1:
            try:
                await self.collection.insert_one(doc)
            except DuplicateKeyError as exc:
                raise ConcurrencyConflict(f"{self.collection_name} {aggregate.id} already exists") from exc
        else:
            result = await self.collection.replace_one({"_id": aggregate.id, "version": aggregate.version - 1}, doc)
            if result.matched_count == 0:
                raise ConcurrencyConflict(
                    f"{self.collection_name} {aggregate.id} was changed by someone else; reload and try again"
                )
        if outbox and self._on_stored is not None:
            self._on_stored()

    def to_document(self, aggregate: A) -> Document:
        doc = to_document(aggregate)
        doc["_id"] = doc.pop("id")
        return doc

    def from_document(self, doc: Document) -> A:
        data: dict[str, Any] = {k: v for k, v in doc.items() if k not in ("_id", OUTBOX_FIELD)}
        aggregate = self.model.model_validate({"id": doc["_id"], **data})
        aggregate._pending_outbox = list(doc.get(OUTBOX_FIELD, []))
        return aggregate
