"""MongoDB storage of cases and their numbers."""

from collections.abc import AsyncIterator

from pymongo import ReturnDocument
from pymongo.asynchronous.database import AsyncDatabase

from arendo_kit.mongo import Document, IndexSpec
from arendo_kit.repository import AggregateRepository
from case_service.domain.case import Case, format_case_number

CASES, COUNTERS = "cases", "counters"

INDEXES = (
    IndexSpec(CASES, [("number", 1)], unique=True),
    IndexSpec(CASES, [("inbox_id", 1), ("registered_at", -1)]),
)
OUTBOX_COLLECTIONS = (CASES,)


class CaseRepository(AggregateRepository[Case]):
    collection_name = CASES
    model = Case
    not_found_message = "Ärendet finns inte"

    async def all_in_batches(self, batch_size: int = 200) -> AsyncIterator[list[Case]]:
        """Every case, a batch at a time in id order, so a replay never holds them all in memory."""
        after = ""
        while True:
            docs = await self.collection.find({"_id": {"$gt": after}}).sort("_id", 1).limit(batch_size).to_list()
            if not docs:
                return
            yield [self.from_document(doc) for doc in docs]
            after = docs[-1]["_id"]


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
