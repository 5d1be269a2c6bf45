"""Consumers over a real broker: handled once, retried with back-off, parked, replayed."""

import uuid
from collections.abc import AsyncIterator

import aio_pika
import pytest
from pymongo.asynchronous.database import AsyncDatabase

from arendo_contracts import CloudEvent
from arendo_contracts.events.case import CaseCreatedV1
from arendo_kit.broker import PARK_REASON_HEADER, create_broker, declare_shared_topology, publish_cloud_event
from arendo_kit.consumers import Consumers, ProcessedMessages, Subscription
from arendo_kit.mongo import Document
from arendo_kit.parking import count_parked, list_parked, replay_parked
from arendo_kit.testing.factories import case_summary
from arendo_kit.testing.polling import eventually

pytestmark = pytest.mark.integration


def case_created(case_id: str, version: int = 1) -> CloudEvent:
    summary = case_summary(case_id=case_id, version=version)
    return CloudEvent.wrap(CaseCreatedV1(case=summary), source="test", actor="u-1")


class Recorder:
    def __init__(self, fail_times: int = 0) -> None:
        self.calls: list[str] = []
        self.fail_times = fail_times

    async def __call__(self, event: CloudEvent) -> None:
        self.calls.append(event.id)
        if len(self.calls) <= self.fail_times:
            raise RuntimeError("temporary failure")


@pytest.fixture
async def harness(rabbitmq_url: str, mongo_db: AsyncDatabase[Document]) -> AsyncIterator["Harness"]:
    harness = Harness(rabbitmq_url, mongo_db)
    yield harness
    await harness.broker.stop()


class Harness:
    def __init__(self, url: str, db: AsyncDatabase[Document]) -> None:
        self.url = url
        self.service = f"svc-{uuid.uuid4().hex[:8]}"
        self.broker = create_broker(url=url, service=self.service)
        self.consumers = Consumers(
            broker=self.broker,
            service=self.service,
            processed=ProcessedMessages(db),
            retry_delays_ms=(100, 200),
            delivery_limit=5,
        )

    async def start(self, **recorders: Recorder) -> None:
        for purpose, recorder in recorders.items():
            self.consumers.add(
                Subscription(purpose=purpose, bindings=["case.created.v1"], messages=[CaseCreatedV1], handler=recorder)
            )
        await self.broker.connect()
        await declare_shared_topology(self.broker, retry_delays_ms=(100, 200))
        await self.consumers.declare_after_connect()
        await self.broker.start()
        await self.consumers.bind_after_start()

    def queue(self, purpose: str) -> str:
        return f"{self.service}.{purpose}"


async def test_an_event_is_handled_once_even_when_delivered_twice(harness: Harness) -> None:
    recorder = Recorder()
    await harness.start(projection=recorder)
    event = case_created("c-1")
    await publish_cloud_event(harness.broker, event)
    await publish_cloud_event(harness.broker, event)  # the same message id again
    await eventually(lambda: _true(len(recorder.calls) >= 1), what="first delivery")
    other = case_created("c-2")
    await publish_cloud_event(harness.broker, other)
    await eventually(lambda: _true(other.id in recorder.calls), what="second event handled")
    assert recorder.calls.count(event.id) == 1


async def test_a_failing_handler_is_retried_with_back_off_then_succeeds(harness: Harness) -> None:
    recorder = Recorder(fail_times=2)
    await harness.start(flaky=recorder)
    event = case_created("c-3")
    await publish_cloud_event(harness.broker, event)
    await eventually(lambda: _true(len(recorder.calls) == 3), what="two retries and a success")
    assert await count_parked(harness.url, harness.queue("flaky")) == 0


async def test_a_handler_that_keeps_failing_is_parked_and_can_be_replayed(harness: Harness) -> None:
    recorder = Recorder(fail_times=3)
    await harness.start(broken=recorder)
    event = case_created("c-4")
    await publish_cloud_event(harness.broker, event)
    queue = harness.queue("broken")
    await eventually(lambda: _count(harness.url, queue, 1), what="message parked")
    assert len(recorder.calls) == 3  # first try and two retries
    parked = await list_parked(harness.url, queue)
    assert parked[0].message_id == event.id
    assert "handler failed 3 times" in parked[0].reason
    assert await replay_parked(harness.url, queue) == 1
    await eventually(lambda: _true(len(recorder.calls) == 4), what="replayed message handled")
    assert await count_parked(harness.url, queue) == 0


async def test_a_malformed_message_is_parked_with_its_reason(harness: Harness) -> None:
    recorder = Recorder()
    await harness.start(strict=recorder)
    connection = await aio_pika.connect(harness.url)
    async with connection:
        channel = await connection.channel()
        exchange = await channel.get_exchange("arendo.events")
        await exchange.publish(aio_pika.Message(body=b"not json", message_id="m-1"), routing_key="case.created.v1")
    queue = harness.queue("strict")
    await eventually(lambda: _count(harness.url, queue, 1), what="malformed message parked")
    parked = await list_parked(harness.url, queue)
    assert "no CloudEvents attributes" in parked[0].reason
    assert recorder.calls == []


async def test_data_that_breaks_the_schema_is_parked_not_retried(harness: Harness) -> None:
    async def strict_handler(event: CloudEvent) -> None:
        event.unwrap(CaseCreatedV1)

    harness.consumers.add(
        Subscription(purpose="schema", bindings=["case.created.v1"], messages=[CaseCreatedV1], handler=strict_handler)
    )
    await harness.start()
    bad = case_created("c-5").model_copy(update={"data": {"case": {"case_id": "c-5"}}})
    await publish_cloud_event(harness.broker, bad)
    queue = harness.queue("schema")
    await eventually(lambda: _count(harness.url, queue, 1), what="schema violation parked")
    connection = await aio_pika.connect(harness.url)
    async with connection:
        channel = await connection.channel()
        parked_queue = await channel.declare_queue(f"{queue}.parking", passive=True)
        message = await parked_queue.get(no_ack=True)
        assert "does not match its schema" in str(message.headers[PARK_REASON_HEADER])


async def _true(value: bool) -> bool:
    return value


async def _count(url: str, queue: str, expected: int) -> bool:
    return await count_parked(url, queue) == expected
