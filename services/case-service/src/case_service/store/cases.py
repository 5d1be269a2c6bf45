"""MongoDB storage of cases and their numbers."""

from collections.abc import AsyncIterator

from pymongo import ReturnDocument
from pymongo.asynchronous.database import AsyncDatabase

from arendo_kit.mongo import Document, IndexSpec
from arendo_kit.repository import AggregateRepository
from case_service.domain.case import Case, format_case_number
from case_service.store.search import (
    MAX_CANDIDATES,
    SEARCH_FIELDS,
    SearchCriteria,
    SearchResult,
    matches_all,
    search_fields,
    search_plan,
)

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

    def to_document(self, aggregate: Case) -> Document:
        # The search fields are derived on every write so they can never fall behind the case.
        return {**super().to_document(aggregate), **search_fields(aggregate)}

    def from_document(self, doc: Document) -> Case:
        return super().from_document({k: v for k, v in doc.items() if k not in SEARCH_FIELDS})

    async def search(self, criteria: SearchCriteria, *, confidential_inboxes: frozenset[str]) -> SearchResult:
        """CASE-31, newest registration first; at most MAX_CANDIDATES are weighed per search."""
        match, terms = search_plan(criteria, confidential_inboxes)
        order = [("registered_at", -1), ("number", -1)]
        docs = await self.collection.find(match).sort(order).limit(MAX_CANDIDATES + 1).to_list()
        hits = [doc for doc in docs[:MAX_CANDIDATES] if matches_all(doc, terms)]
        start = (criteria.page - 1) * criteria.page_size
        page = [self.from_document(doc) for doc in hits[start : start + criteria.page_size]]
        return SearchResult(cases=page, total=len(hits), truncated=len(docs) > MAX_CANDIDATES)

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
