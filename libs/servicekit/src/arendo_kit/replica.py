"""Local copies of another service's data, fed by events: upserts guarded by the aggregate
version, so an older or repeated event never overwrites what a newer one wrote."""

from typing import Any

from pymongo.asynchronous.collection import AsyncCollection
from pymongo.errors import DuplicateKeyError

from arendo_kit.mongo import Document


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
