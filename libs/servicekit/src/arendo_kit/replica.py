"""Local copies of another service's data, fed by events: upserts guarded by the aggregate
version, so an older or repeated event never overwrites what a newer one wrote."""

from collections.abc import Callable, Iterable
from typing import Any, Generic, TypeVar

from pydantic import BaseModel
from pymongo.asynchronous.collection import AsyncCollection
from pymongo.errors import DuplicateKeyError

from arendo_kit.mongo import Document, to_document

M = TypeVar("M", bound=BaseModel)


class VersionedReplica:
    def __init__(self, collection: AsyncCollection[Document]) -> None:
        self.collection = collection

    async def upsert(self, doc_id: str, doc: dict[str, Any], *, version: int) -> bool:
        """Store `doc` at `version` unless a version at least as new is stored; True if stored."""
        body = {**doc, "_id": doc_id, "version": version}
        try:
            result = await self.collection.replace_one({"_id": doc_id, "version": {"$lt": version}}, body, upsert=True)
        except DuplicateKeyError:
            return False  # a newer (or the same) version is already there
        return result.matched_count == 1 or result.upserted_id is not None

    async def get(self, doc_id: str) -> Document | None:
        return await self.collection.find_one({"_id": doc_id})


class ModelReplica(Generic[M]):
    """A VersionedReplica of one contract model, such as the case summary or an inbox snapshot."""

    def __init__(self, collection: AsyncCollection[Document], model: type[M], *, id_of: Callable[[M], str]) -> None:
        self._replica = VersionedReplica(collection)
        self._model = model
        self._id_of = id_of

    @property
    def collection(self) -> AsyncCollection[Document]:
        return self._replica.collection

    async def apply(self, item: M) -> bool:
        version = getattr(item, "version", None)
        if not isinstance(version, int):
            raise TypeError(f"{type(item).__name__} has no integer version to order replicas by")
        return await self._replica.upsert(self._id_of(item), to_document(item), version=version)

    async def get(self, item_id: str) -> M | None:
        doc = await self._replica.get(item_id)
        return None if doc is None else self._model.model_validate(doc)

    async def get_many(self, item_ids: Iterable[str]) -> list[M]:
        """The items of those ids the replica holds, each once, in one query."""
        wanted = sorted(set(item_ids))
        return await self.find({"_id": {"$in": wanted}}) if wanted else []

    async def find(self, query: dict[str, Any], *, sort: str | None = None) -> list[M]:
        cursor = self.collection.find(query)
        if sort:
            cursor = cursor.sort(sort, 1)
        return [self._model.model_validate(doc) for doc in await cursor.to_list()]
