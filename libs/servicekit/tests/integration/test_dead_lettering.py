"""Dead-lettering by the broker: a message redelivered past its quorum queue's delivery limit, without the kit ever
finishing, retrying or parking it, ends in the queue's parking queue, where the parking tools (HTTP, CLI) show why
and replay it."""

import asyncio
import json
import sys
import uuid
from collections.abc import AsyncIterator
from typing import Literal

import aio_pika
import httpx
import pytest
from fastapi import FastAPI
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import ServerSelectionTimeoutError

from arendo_contracts import CloudEvent
from arendo_contracts.events.case import CaseCreatedV1
from arendo_kit.auth import TokenVerifier
from arendo_kit.broker import (
    consumer_queue,
    create_broker,
    declare_parking,
    declare_shared_topology,
    publish_cloud_event,
    publish_cloud_event_to_queue,
)
from arendo_kit.consumers import Consumers, ProcessedMessages, Subscription
from arendo_kit.devauth import DevIssuer
from arendo_kit.http import parking_router
from arendo_kit.mongo import Document
from arendo_kit.parking import count_parked, list_parked, replay_parked
from arendo_kit.problems import install_problem_handlers
from arendo_kit.testing.factories import case_summary
from arendo_kit.testing.http import bearer
from arendo_kit.testing.polling import eventually

pytestmark = pytest.mark.integration

DELIVERY_LIMIT = 3
RETRY_DELAYS_MS = (100,)


def case_created(case_id: str) -> CloudEvent:
    return CloudEvent.wrap(CaseCreatedV1(case=case_summary(case_id=case_id)), source="test", actor="u-1")


@pytest.fixture
def queue() -> str:
    return f"svc-{uuid.uuid4().hex[:8]}.projection"


async def test_a_message_whose_consumer_keeps_dying_is_parked_by_the_delivery_limit_and_replayed_over_http(
    rabbitmq_url: str, dev_issuer: DevIssuer, queue: str
) -> None:
    broker = create_broker(url=rabbitmq_url, service="svc")
    await broker.connect()
    try:
        # The queue and its parking exactly as a service declares them, so the broker applies the kit's arguments.
        await declare_shared_topology(broker, retry_delays_ms=RETRY_DELAYS_MS)
        await declare_parking(broker, queue)
        await broker.declare_queue(consumer_queue(queue, routing_key=queue, delivery_limit=DELIVERY_LIMIT))
        event = case_created("c-1")
        await publish_cloud_event_to_queue(broker, event, queue=queue)
    finally:
        await broker.stop()

    deliveries = 0
    while deliveries <= 3 * DELIVERY_LIMIT:
        outcome = await eventually(lambda: _consumer_dies_holding_it(rabbitmq_url, queue), what="redelivered or parked")
        if outcome == "parked":
            break
        deliveries += 1
    # The first delivery and `limit` redeliveries; the next return goes over the limit.
    assert deliveries == DELIVERY_LIMIT + 1
    assert await _waiting(rabbitmq_url, queue) == 0

    async with _parking_api(rabbitmq_url, dev_issuer, queue) as api:
        assert (await api.get("/api/svc/ops/parking")).json() == [{"queue": queue, "parked": 1}]
        [parked] = (await api.get(f"/api/svc/ops/parking/{queue}")).json()
        assert parked["message_id"] == event.id
        assert parked["type"] == event.type
        assert parked["reason"].startswith(f"dead-lettered by the broker from {queue}: delivery_limit: ")
        assert parked["parked_at"] is not None
        assert '"c-1"' in parked["body_preview"]
        # Listing leaves the message parked.
        assert await count_parked(rabbitmq_url, queue) == 1

        replay = await api.post(f"/api/svc/ops/parking/{queue}/replay")
        assert replay.json() == {"queue": queue, "replayed": 1}

    back = await eventually(lambda: _take(rabbitmq_url, queue), what="replayed message back on its queue")
    assert back.message_id == event.id
    assert back.body == event.amqp_body()
    assert back.headers["cloudEvents:type"] == event.type
    # A fresh message: no trace of its dead-lettering, so it has its whole delivery limit again.
    assert "x-death" not in back.headers
    assert "x-first-death-reason" not in back.headers
    assert not back.redelivered
    assert await count_parked(rabbitmq_url, queue) == 0


class MongoOutage(ProcessedMessages):
    """Claims fail as they do while MongoDB is unreachable, from the moment `down` is set."""

    def __init__(self, db: AsyncDatabase[Document]) -> None:
        super().__init__(db)
        self.down = False
        self.refused = 0

    async def claim(self, queue: str, message_id: str) -> Literal["claimed", "done", "busy"]:
        if self.down:
            self.refused += 1
            raise ServerSelectionTimeoutError("no MongoDB server reachable (simulated outage)")
        return await super().claim(queue, message_id)


@pytest.fixture
async def outage(mongo_db: AsyncDatabase[Document]) -> MongoOutage:
    return MongoOutage(mongo_db)


@pytest.fixture
async def consumers(rabbitmq_url: str, outage: MongoOutage) -> AsyncIterator[Consumers]:
    service = f"svc-{uuid.uuid4().hex[:8]}"
    broker = create_broker(url=rabbitmq_url, service=service)
    consumers = Consumers(
        broker=broker,
        service=service,
        processed=outage,
        retry_delays_ms=RETRY_DELAYS_MS,
        delivery_limit=DELIVERY_LIMIT,
    )
    yield consumers
    await broker.stop()


async def test_a_message_the_kit_cannot_even_claim_is_parked_by_the_delivery_limit_with_the_brokers_reason(
    rabbitmq_url: str, consumers: Consumers, outage: MongoOutage
) -> None:
    handled: list[str] = []

    async def project(event: CloudEvent) -> None:
        handled.append(event.id)
        if len(handled) == 1:
            # The handler fails as MongoDB goes away: the kit retries through a delay queue, then cannot claim it.
            outage.down = True
            raise RuntimeError("MongoDB went away")

    consumers.add(
        Subscription(purpose="projection", bindings=["case.created.v1"], messages=[CaseCreatedV1], handler=project)
    )
    broker = consumers.broker
    await broker.connect()
    await declare_shared_topology(broker, retry_delays_ms=RETRY_DELAYS_MS)
    await consumers.declare_after_connect()
    await broker.start()
    await consumers.bind_after_start()
    [queue] = consumers.queues

    event = case_created("c-2")
    await publish_cloud_event(broker, event)
    await eventually(lambda: _count(rabbitmq_url, queue, 1), what="message dead-lettered to parking")
    assert outage.refused == DELIVERY_LIMIT + 1
    assert handled == [event.id]

    [parked] = await list_parked(rabbitmq_url, queue)
    assert parked.message_id == event.id
    # Why it is here is the delivery limit, not the earlier expiry in the kit's retry delay queue.
    assert parked.reason.startswith(f"dead-lettered by the broker from {queue}: delivery_limit: ")
    assert "expired" not in parked.reason
    cli = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "arendo_kit.parking", "--url", rabbitmq_url, "list", queue, stdout=asyncio.subprocess.PIPE
    )
    out, _ = await cli.communicate()
    assert cli.returncode == 0
    [listed] = json.loads(out)
    assert (listed["message_id"], listed["reason"]) == (event.id, parked.reason)

    outage.down = False
    assert await replay_parked(rabbitmq_url, queue) == 1
    await eventually(lambda: _true(handled == [event.id, event.id]), what="replayed message handled")
    assert await count_parked(rabbitmq_url, queue) == 0
    assert outage.refused == DELIVERY_LIMIT + 1


async def _consumer_dies_holding_it(url: str, queue: str) -> str | None:
    """One consumer's life: it takes the message and dies (its connection closes) before acknowledging it."""
    connection = await aio_pika.connect(url)
    async with connection:
        channel = await connection.channel()
        consumer = await channel.get_queue(queue, ensure=False)
        message = await consumer.get(no_ack=False, fail=False)
    if message is not None:
        return "delivered"
    return "parked" if await count_parked(url, queue) else None


async def _take(url: str, queue: str) -> aio_pika.abc.AbstractIncomingMessage | None:
    connection = await aio_pika.connect(url)
    async with connection:
        channel = await connection.channel()
        consumer = await channel.get_queue(queue, ensure=False)
        return await consumer.get(no_ack=True, fail=False)


async def _waiting(url: str, queue: str) -> int:
    connection = await aio_pika.connect(url)
    async with connection:
        channel = await connection.channel()
        declared = await channel.declare_queue(queue, passive=True)
        return declared.declaration_result.message_count or 0


def _parking_api(url: str, issuer: DevIssuer, queue: str) -> httpx.AsyncClient:
    app = FastAPI()
    app.state.token_verifier = TokenVerifier(
        issuer=issuer.issuer, audience=issuer.audience, public_key=issuer.public_key_pem()
    )
    install_problem_handlers(app)
    app.include_router(parking_router(prefix="/api/svc", rabbitmq_url=url, queues=[queue]))
    token = issuer.issue(sub="u-ops", username="drift", name="Drift Operatör", roles=["admin"])
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://service", headers=bearer(token))


async def _true(value: bool) -> bool:
    return value


async def _count(url: str, queue: str, expected: int) -> bool:
    return await count_parked(url, queue) == expected
