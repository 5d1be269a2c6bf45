"""MongoDB storage of the registers: inboxes and users."""

from typing import Any

from arendo_kit.mongo import IndexSpec
from inbox_service.domain.registers import Inbox, User
from inbox_service.store.base import RegisterRepository, contains

INBOXES, USERS = "inboxes", "users"

INDEXES = (
    IndexSpec(INBOXES, [("name_lower", 1)], unique=True),
    IndexSpec(USERS, [("username", 1)], unique=True),
    IndexSpec(USERS, [("inbox_ids", 1), ("active", 1)]),
)
OUTBOX_COLLECTIONS = (INBOXES, USERS)


class InboxRepository(RegisterRepository[Inbox]):
    collection_name = INBOXES
    model = Inbox
    not_found_message = "Inkorgen finns inte"
    taken_message = "Det finns redan en inkorg med det namnet"

    async def list_all(self) -> list[Inbox]:
        docs = await self.collection.find({}, {"outbox": 0}).sort("name_lower", 1).to_list()
        return [self.from_document(d) for d in docs]

    async def name_taken(self, name: str, *, other_than: str | None = None) -> bool:
        return await self.key_taken(name.lower(), other_than=other_than)


class UserRepository(RegisterRepository[User]):
    collection_name = USERS
    model = User
    not_found_message = "Användaren finns inte"
    unique_key = "username"
    unique_field = "username"
    taken_message = "Användarnamnet är upptaget"

    async def list_matching(self, *, text: str | None, inbox_id: str | None, active_only: bool = False) -> list[User]:
        """Users whose username or name contains the text (case-insensitively), optionally of one inbox."""
        query: dict[str, Any] = {}
        if text and text.strip():
            # name_lower: the server is not asked to fold case beyond ASCII (no collation).
            needle = contains(text.strip().lower())
            query["$or"] = [{"username": needle}, {"name_lower": needle}]
        if inbox_id:
            query["inbox_ids"] = inbox_id
        if active_only:
            query["active"] = True
        docs = await self.collection.find(query, {"outbox": 0}).sort("username", 1).to_list()
        return [self.from_document(d) for d in docs]

    async def username_taken(self, username: str) -> bool:
        return await self.key_taken(username)
