"""The replicas several services keep of the same published state: case summaries (from every
case event) and inbox snapshots (from the inbox register events)."""

from pymongo.asynchronous.database import AsyncDatabase

from arendo_contracts import CloudEvent
from arendo_contracts.events.case import CaseCreatedV1, CaseSummary, CaseUpdatedV1, case_summary_of
from arendo_contracts.events.inbox import InboxCreatedV1, InboxSnapshot, InboxUpdatedV1
from arendo_kit.consumers import Subscription
from arendo_kit.mongo import Document
from arendo_kit.replica import ModelReplica

CaseSummaries = ModelReplica[CaseSummary]
InboxSnapshots = ModelReplica[InboxSnapshot]


def case_summaries(db: AsyncDatabase[Document], collection: str = "case_replica") -> CaseSummaries:
    return ModelReplica(db[collection], CaseSummary, id_of=lambda c: c.case_id)


def inbox_snapshots(db: AsyncDatabase[Document], collection: str = "inbox_replica") -> InboxSnapshots:
    return ModelReplica(db[collection], InboxSnapshot, id_of=lambda i: i.inbox_id)


def case_summary_subscription(*, purpose: str, replica: CaseSummaries, description: str) -> Subscription:
    async def on_case_event(event: CloudEvent) -> None:
        await replica.apply(case_summary_of(event))

    return Subscription(
        purpose=purpose,
        bindings=["case.*.v1"],
        messages=[CaseCreatedV1, CaseUpdatedV1],
        handler=on_case_event,
        description=description,
    )


def inbox_snapshot_of(event: CloudEvent) -> InboxSnapshot | None:
    if event.routing_key == InboxCreatedV1.routing_key:
        return event.unwrap(InboxCreatedV1).inbox
    if event.routing_key == InboxUpdatedV1.routing_key:
        return event.unwrap(InboxUpdatedV1).inbox
    return None


def inbox_snapshot_subscription(*, purpose: str, replica: InboxSnapshots, description: str) -> Subscription:
    async def on_inbox_event(event: CloudEvent) -> None:
        snapshot = inbox_snapshot_of(event)
        if snapshot is not None:
            await replica.apply(snapshot)

    return Subscription(
        purpose=purpose,
        bindings=["inbox.*.v1"],
        messages=[InboxCreatedV1, InboxUpdatedV1],
        handler=on_inbox_event,
        description=description,
    )
