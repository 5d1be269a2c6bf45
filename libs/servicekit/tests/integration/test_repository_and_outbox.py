"""Aggregates written whole with a version check, and the outbox relayed to a real broker."""

import uuid
from datetime import UTC, datetime

import pytest
from pymongo.asynchronous.database import AsyncDatabase

from arendo_contracts import CloudEvent
from arendo_contracts.events.case import CaseCreatedV1, CaseSummary, CaseUpdatedV1
from arendo_kit.broker import create_broker, declare_shared_topology, publish_cloud_event
from arendo_kit.errors import ConcurrencyConflict
from arendo_kit.mongo import Document
from arendo_kit.outbox import OutboxRelay
from arendo_kit.repository import OUTBOX_FIELD, AggregateRepository, AggregateRoot
from arendo_kit.testing.events import EventProbe

pytestmark = pytest.mark.integration


class Thing(AggregateRoot):
    title: str
    at: datetime


class ThingRepository(AggregateRepository[Thing]):
    collection_name = "things"
    model = Thing


def event_for(thing: Thing, *, created: bool) -> CloudEvent:
    summary = CaseSummary(
        case_id=thing.id,
        number="2026-000001",
        title=thing.title,
        status="new",
        priority="normal",
        channel="phone",
        inbox_id="i",
        arrived_at=thing.at,
        registered_at=thing.at,
        version=thing.version,
    )
    message = CaseCreatedV1(case=summary) if created else CaseUpdatedV1(case=summary)
    return CloudEvent.wrap(message, source="test", actor="u-1")


def new_thing() -> Thing:
    now = datetime.now(UTC).replace(microsecond=0)
    return Thing(id=str(uuid.uuid4()), version=1, title="Första", at=now)


async def test_store_and_read_back_whole(mongo_db: AsyncDatabase[Document]) -> None:
    repo = ThingRepository(mongo_db)
    thing = new_thing()
    await repo.store(thing)
    assert await repo.get(thing.id) == thing


async def test_a_stale_writer_gets_a_conflict_and_nothing_is_lost(mongo_db: AsyncDatabase[Document]) -> None:
    repo = ThingRepository(mongo_db)
    thing = new_thing()
    await repo.store(thing)
    first = await repo.require(thing.id)
    second = await repo.require(thing.id)
    await repo.store(first.model_copy(update={"title": "Ändrad av A", "version": 2}))
    with pytest.raises(ConcurrencyConflict):
        await repo.store(second.model_copy(update={"title": "Ändrad av B", "version": 2}))
    stored = await repo.require(thing.id)
    assert (stored.title, stored.version) == ("Ändrad av A", 2)


async def test_inserting_the_same_id_twice_is_a_conflict(mongo_db: AsyncDatabase[Document]) -> None:
    repo = ThingRepository(mongo_db)
    thing = new_thing()
    await repo.store(thing)
    with pytest.raises(ConcurrencyConflict):
        await repo.store(thing)


async def test_events_are_saved_with_the_aggregate_and_kept_across_later_writes(
    mongo_db: AsyncDatabase[Document],
) -> None:
    repo = ThingRepository(mongo_db)
    thing = new_thing()
    created = event_for(thing, created=True)
    await repo.store(thing, events=[created])
    loaded = await repo.require(thing.id)
    changed = loaded.model_copy(update={"title": "Ny", "version": 2})
    updated = event_for(changed, created=False)
    await repo.store(changed, events=[updated])
    doc = await mongo_db["things"].find_one({"_id": thing.id})
    assert doc is not None
    assert [e["id"] for e in doc[OUTBOX_FIELD]] == [created.id, updated.id]


async def test_the_relay_publishes_in_order_with_confirms_and_empties_the_outbox(
    mongo_db: AsyncDatabase[Document], rabbitmq_url: str
) -> None:
    repo = ThingRepository(mongo_db)
    broker = create_broker(url=rabbitmq_url, service="relay-test")
    await broker.connect()
    await declare_shared_topology(broker, retry_delays_ms=(100,))
    try:
        async with EventProbe(rabbitmq_url, ["case.*.v1"]) as probe:
            thing = new_thing()
            first = event_for(thing, created=True)
            await repo.store(thing, events=[first])
            changed = (await repo.require(thing.id)).model_copy(update={"title": "Ny", "version": 2})
            second = event_for(changed, created=False)
            await repo.store(changed, events=[second])  # the relay was not running: both wait

            async def publish(event: CloudEvent) -> None:
                await publish_cloud_event(broker, event)

            relay = OutboxRelay(collections=[repo.collection], publish=publish)
            assert await relay.relay_pending() == 2
            await probe.wait_for("case.updated.v1", subject=thing.id)
            ours = [e.id for e in probe.received if e.subject == thing.id]
            assert ours == [first.id, second.id]
            assert await relay.relay_pending() == 0
            doc = await repo.collection.find_one({"_id": thing.id})
            assert doc is not None
            assert doc[OUTBOX_FIELD] == []
    finally:
        await broker.stop()


async def test_a_failed_publish_keeps_the_event_for_the_next_pass(mongo_db: AsyncDatabase[Document]) -> None:
    repo = ThingRepository(mongo_db)
    thing = new_thing()
    await repo.store(thing, events=[event_for(thing, created=True)])
    attempts: list[str] = []

    async def broker_down(event: CloudEvent) -> None:
        attempts.append(event.id)
        raise ConnectionError("broker unreachable")

    with pytest.raises(ConnectionError):
        await OutboxRelay(collections=[repo.collection], publish=broker_down).relay_pending()
    delivered: list[str] = []

    async def broker_back(event: CloudEvent) -> None:
        delivered.append(event.id)

    assert await OutboxRelay(collections=[repo.collection], publish=broker_back).relay_pending() == 1
    assert delivered == attempts
