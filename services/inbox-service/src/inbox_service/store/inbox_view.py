"""MongoDB storage of the inbox view: one row per case, kept from case events."""

from typing import Any

from pymongo.asynchronous.database import AsyncDatabase

from arendo_contracts.events.case import CaseSummary
from arendo_kit.mongo import Document, IndexSpec, to_document
from arendo_kit.replica import VersionedReplica
from inbox_service.domain.inbox_view import DEFAULT_ORDER, row_from_summary

INBOX_VIEW = "inbox_view"

INDEXES = (
    IndexSpec(INBOX_VIEW, [("inbox_id", 1), ("priority_rank", 1), ("arrived_at", 1), ("number", 1)]),
    IndexSpec(INBOX_VIEW, [("officer_id", 1), ("priority_rank", 1), ("arrived_at", 1)]),
)


class InboxViewStore:
    def __init__(self, db: AsyncDatabase[Document]) -> None:
        self.collection = db[INBOX_VIEW]
        self._replica = VersionedReplica(self.collection)

    async def apply(self, summary: CaseSummary) -> bool:
        return await self._replica.upsert(
            summary.case_id, to_document(row_from_summary(summary)), version=summary.version
        )

    async def page(
        self, *, inbox_id: str, include_confidential: bool, skip: int, limit: int
    ) -> tuple[list[Document], int]:
        query: dict[str, Any] = {"inbox_id": inbox_id}
        if not include_confidential:
            query["confidential"] = False
        total = await self.collection.count_documents(query)
        docs = await self.collection.find(query).sort(list(DEFAULT_ORDER)).skip(skip).limit(limit).to_list()
        return docs, total
