"""The only module of the channel-gateway that speaks MongoDB."""

from pymongo.asynchronous.database import AsyncDatabase

from arendo_contracts.events.inbox import InboxSnapshot
from arendo_kit.mongo import Document, IndexSpec
from arendo_kit.projections import InboxSnapshots, inbox_snapshots

INBOXES = "inbox_replica"
INDEXES = (IndexSpec(INBOXES, [("email", 1)]),)


class ReceivingAddresses:
    def __init__(self, db: AsyncDatabase[Document]) -> None:
        self.replica: InboxSnapshots = inbox_snapshots(db, INBOXES)

    async def all_active(self) -> list[InboxSnapshot]:
        return await self.replica.find({"active": True, "email": {"$exists": True}}, sort="email")

    async def inbox_for(self, address: str) -> InboxSnapshot | None:
        found = await self.replica.find({"email": address, "active": True})
        return found[0] if found else None
