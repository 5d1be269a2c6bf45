"""The only module of the channel-gateway that speaks MongoDB."""

from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError

from arendo_contracts.events.inbox import InboxSnapshot
from arendo_kit.mongo import Document, IndexSpec, to_document
from arendo_kit.projections import InboxSnapshots, inbox_snapshots
from channel_gateway.domain.deliveries import Delivery, DeliveryStatus

INBOXES, DELIVERIES = "inbox_replica", "deliveries"
INDEXES = (
    IndexSpec(INBOXES, [("email", 1)]),
    IndexSpec(DELIVERIES, [("case_id", 1), ("received_at", -1)]),
    IndexSpec(DELIVERIES, [("status", 1), ("received_at", -1)]),
)


class ReceivingAddresses:
    def __init__(self, db: AsyncDatabase[Document]) -> None:
        self.replica: InboxSnapshots = inbox_snapshots(db, INBOXES)

    async def all_active(self) -> list[InboxSnapshot]:
        return await self.replica.find({"active": True, "email": {"$exists": True}}, sort="email")

    async def inbox_for(self, address: str) -> InboxSnapshot | None:
        found = await self.replica.find({"email": address, "active": True})
        return found[0] if found else None


class Deliveries:
    """Deliveries by id; recording the same command twice keeps the first."""

    def __init__(self, db: AsyncDatabase[Document]) -> None:
        self.collection = db[DELIVERIES]

    async def record(self, delivery: Delivery) -> bool:
        doc = to_document(delivery)
        doc["_id"] = doc.pop("id")
        try:
            await self.collection.insert_one(doc)
        except DuplicateKeyError:
            return False
        return True

    async def find(self, *, case_id: str | None, status: DeliveryStatus | None, limit: int) -> list[Delivery]:
        query: dict[str, str] = {}
        if case_id:
            query["case_id"] = case_id
        if status:
            query["status"] = status.value
        docs = await self.collection.find(query).sort("received_at", -1).limit(limit).to_list()
        return [Delivery.model_validate({**doc, "id": doc["_id"]}) for doc in docs]
