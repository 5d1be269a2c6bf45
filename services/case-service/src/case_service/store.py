"""The only module of the case-service that speaks MongoDB."""

from pymongo import ReturnDocument
from pymongo.asynchronous.database import AsyncDatabase

from arendo_contracts.events.inbox import UserSnapshot
from arendo_kit.mongo import Document, IndexSpec
from arendo_kit.projections import inbox_snapshots
from arendo_kit.replica import ModelReplica
from arendo_kit.repository import AggregateRepository
from case_service.domain.case import Case, format_case_number

CASES, COUNTERS, INBOXES, USERS = "cases", "counters", "inbox_replica", "user_replica"

INDEXES = (
    IndexSpec(CASES, [("number", 1)], unique=True),
    IndexSpec(CASES, [("inbox_id", 1), ("registered_at", -1)]),
)
OUTBOX_COLLECTIONS = (CASES,)


class CaseRepository(AggregateRepository[Case]):
    collection_name = CASES
    model = Case
    not_found_message = "Ärendet finns inte"


class CaseNumbers:
    """Case numbers `YYYY-NNNNNN` from one counter per year, incremented atomically by the server,
    so replicas never hand out the same number and a number is never reused."""

    def __init__(self, db: AsyncDatabase[Document]) -> None:
        self.collection = db[COUNTERS]

    async def next(self, year: int) -> str:
        counter = await self.collection.find_one_and_update(
            {"_id": f"case-number-{year}"}, {"$inc": {"seq": 1}}, upsert=True, return_document=ReturnDocument.AFTER
        )
        if counter is None:  # upsert with return_document=AFTER always returns the document
            raise RuntimeError("the case number counter was not returned")
        return format_case_number(year, int(counter["seq"]))


class RegisterReplicas:
    """Inboxes and users as the inbox-service last published them."""

    def __init__(self, db: AsyncDatabase[Document]) -> None:
        self.inboxes = inbox_snapshots(db, INBOXES)
        self.users = ModelReplica(db[USERS], UserSnapshot, id_of=lambda u: u.user_id)
