"""The only module of the kb-service that speaks MongoDB."""

from pymongo.asynchronous.database import AsyncDatabase

from arendo_contracts.events.inbox import InboxSnapshot
from arendo_kit.mongo import Document
from arendo_kit.projections import InboxSnapshots, inbox_snapshots


class DiaryPlans:
    """The diary plans of the inboxes, as the inbox-service last published them."""

    def __init__(self, db: AsyncDatabase[Document]) -> None:
        self.replica: InboxSnapshots = inbox_snapshots(db, "diary_plan_replica")

    async def of(self, inbox_id: str | None) -> list[InboxSnapshot]:
        if inbox_id is None:
            return await self.replica.find({})
        found = await self.replica.get(inbox_id)
        return [found] if found else []
