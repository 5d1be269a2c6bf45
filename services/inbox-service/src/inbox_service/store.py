"""The only module of the inbox-service that speaks MongoDB."""

import re
from typing import Any

from pymongo.asynchronous.database import AsyncDatabase

from arendo_contracts.events.case import CaseSummary
from arendo_kit.mongo import Document, IndexSpec, to_document
from arendo_kit.replica import VersionedReplica
from arendo_kit.repository import AggregateRepository
from inbox_service.domain.inbox_view import DEFAULT_ORDER, row_from_summary
from inbox_service.domain.registers import Inbox, User

INBOXES, USERS, INBOX_VIEW = "inboxes", "users", "inbox_view"

INDEXES = (
    IndexSpec(INBOXES, [("name_lower", 1)], unique=True),
    IndexSpec(USERS, [("username", 1)], unique=True),
    IndexSpec(INBOX_VIEW, [("inbox_id", 1), ("priority_rank", 1), ("arrived_at", 1), ("number", 1)]),
    IndexSpec(INBOX_VIEW, [("officer_id", 1), ("priority_rank", 1), ("arrived_at", 1)]),
)
OUTBOX_COLLECTIONS = (INBOXES, USERS)


class InboxRepository(AggregateRepository[Inbox]):
    collection_name = INBOXES
    model = Inbox
    not_found_message = "Inkorgen finns inte"

    async def list_all(self) -> list[Inbox]:
        docs = await self.collection.find({}, {"outbox": 0}).sort("name_lower", 1).to_list()
        return [self.from_document(d) for d in docs]

    async def name_taken(self, name: str) -> bool:
        return await self.collection.find_one({"name_lower": name.lower()}, {"_id": 1}) is not None


class UserRepository(AggregateRepository[User]):
    collection_name = USERS
    model = User
    not_found_message = "Användaren finns inte"

    async def list_matching(self, *, text: str | None, inbox_id: str | None) -> list[User]:
        query: dict[str, Any] = {}
        if text:
            pattern = {"$regex": re.escape(text.strip()), "$options": "i"}
            query["$or"] = [{"username": pattern}, {"name": pattern}]
        if inbox_id:
            query["inbox_ids"] = inbox_id
        docs = await self.collection.find(query, {"outbox": 0}).sort("username", 1).to_list()
        return [self.from_document(d) for d in docs]

    async def username_taken(self, username: str) -> bool:
        return await self.collection.find_one({"username": username}, {"_id": 1}) is not None


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
