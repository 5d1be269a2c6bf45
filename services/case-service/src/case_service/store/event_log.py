"""The event log projection (CASE-15): one document per entry, written idempotently by its id."""

from collections.abc import Iterable

from pymongo.asynchronous.database import AsyncDatabase

from arendo_kit.mongo import Document, IndexSpec, to_document
from case_service.domain.event_log import EventLogEntry

EVENT_LOG = "event_log"
INDEXES = (IndexSpec(EVENT_LOG, [("case_id", 1), ("at", 1)]),)
# A case's log is read whole and filtered, sorted and grouped by the service; this bounds it.
MAX_ENTRIES = 20_000


class EventLogStore:
    def __init__(self, db: AsyncDatabase[Document]) -> None:
        self.collection = db[EVENT_LOG]

    async def record(self, entries: Iterable[EventLogEntry]) -> None:
        """Write each entry under its own id; writing one again changes nothing."""
        for entry in entries:
            doc = to_document(entry)
            doc["_id"] = doc.pop("id")
            await self.collection.replace_one({"_id": doc["_id"]}, doc, upsert=True)

    async def for_case(self, case_id: str) -> list[EventLogEntry]:
        docs = await self.collection.find({"case_id": case_id}).sort("at", 1).limit(MAX_ENTRIES).to_list()
        return [EventLogEntry.model_validate({**doc, "id": doc["_id"]}) for doc in docs]
