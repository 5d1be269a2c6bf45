"""MongoDB storage of the registers: inboxes and users."""

import re
from typing import Any

from arendo_kit.mongo import IndexSpec
from arendo_kit.repository import AggregateRepository
from inbox_service.domain.registers import Inbox, User

INBOXES, USERS = "inboxes", "users"

INDEXES = (
    IndexSpec(INBOXES, [("name_lower", 1)], unique=True),
    IndexSpec(USERS, [("username", 1)], unique=True),
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
