"""RabbitMQ through FastStream: the exchanges, retry with back-off, parking, and publishing CloudEvents.

Topology per consumer queue `<service>.<purpose>` (a durable quorum queue):
- a failing handler's message is re-published to the headers exchange `arendo.retry`, which holds
  it in a delay queue `arendo.retry.<ms>` (a message TTL); when it expires the delay queue
  dead-letters it through the default exchange straight back to the consumer queue;
- after the last delay, or at once for a malformed message, it goes to `<queue>.parking` with
  the reason in a header; an operator lists and replays parked messages;
- a message that kills the consumer again and again is dead-lettered by the quorum queue's
  delivery limit through `arendo.dead-letter` to the same parking queue.
"""

from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from faststream.rabbit import ExchangeType, QueueType, RabbitBroker, RabbitExchange, RabbitQueue

from arendo_contracts import CloudEvent
from arendo_contracts.envelope import JSON
from arendo_contracts.topology import COMMANDS_EXCHANGE, EVENTS_EXCHANGE

RETRY_EXCHANGE = "arendo.retry"
DEAD_LETTER_EXCHANGE = "arendo.dead-letter"
ATTEMPT_HEADER = "x-arendo-attempt"
# Headers exchanges ignore headers named x-… when matching, so this one has no x- prefix.
RETRY_DELAY_HEADER = "arendo-retry-delay"
PARK_REASON_HEADER = "x-arendo-park-reason"
PARKED_FROM_HEADER = "x-arendo-parked-from"
PARKED_AT_HEADER = "x-arendo-parked-at"

events_exchange = RabbitExchange(EVENTS_EXCHANGE, type=ExchangeType.TOPIC, durable=True)
commands_exchange = RabbitExchange(COMMANDS_EXCHANGE, type=ExchangeType.TOPIC, durable=True)
retry_exchange = RabbitExchange(RETRY_EXCHANGE, type=ExchangeType.HEADERS, durable=True)
dead_letter_exchange = RabbitExchange(DEAD_LETTER_EXCHANGE, type=ExchangeType.DIRECT, durable=True)

EXCHANGES = {EVENTS_EXCHANGE: events_exchange, COMMANDS_EXCHANGE: commands_exchange}


def parking_queue_name(queue: str) -> str:
    return f"{queue}.parking"


def retry_queue_name(delay_ms: int) -> str:
    return f"{RETRY_EXCHANGE}.{delay_ms}"


def consumer_queue(name: str, *, routing_key: str, delivery_limit: int) -> RabbitQueue:
    return RabbitQueue(
        name,
        queue_type=QueueType.QUORUM,
        durable=True,
        routing_key=routing_key,
        arguments={
            "x-dead-letter-exchange": DEAD_LETTER_EXCHANGE,
            "x-dead-letter-routing-key": parking_queue_name(name),
            "x-delivery-limit": delivery_limit,
        },
    )


def parking_queue(queue: str) -> RabbitQueue:
    return RabbitQueue(parking_queue_name(queue), durable=True, routing_key=parking_queue_name(queue))


def retry_queue(delay_ms: int) -> RabbitQueue:
    # Dead-lettering through the default exchange keeps the routing key the message was
    # published to the retry exchange with, which is the name of the consumer queue.
    return RabbitQueue(
        retry_queue_name(delay_ms),
        durable=True,
        arguments={"x-message-ttl": delay_ms, "x-dead-letter-exchange": ""},
        bind_arguments={"x-match": "all", RETRY_DELAY_HEADER: str(delay_ms)},
    )


def create_broker(*, url: str, service: str, graceful_timeout: float = 15.0) -> RabbitBroker:
    return RabbitBroker(url, app_id=service, graceful_timeout=graceful_timeout, fail_fast=True, reconnect_interval=2.0)


async def declare_shared_topology(broker: RabbitBroker, *, retry_delays_ms: Sequence[int]) -> None:
    """Declare what every service relies on; declaring an existing object is a no-op."""
    for exchange in (events_exchange, commands_exchange, dead_letter_exchange):
        await broker.declare_exchange(exchange)
    retry = await broker.declare_exchange(retry_exchange)
    for delay in retry_delays_ms:
        queue_def = retry_queue(delay)
        queue = await broker.declare_queue(queue_def)
        await queue.bind(retry, routing_key="", arguments=queue_def.bind_arguments)


async def declare_parking(broker: RabbitBroker, queue: str) -> None:
    exchange = await broker.declare_exchange(dead_letter_exchange)
    parked = await broker.declare_queue(parking_queue(queue))
    await parked.bind(exchange, routing_key=parking_queue_name(queue))


async def publish_cloud_event(broker: RabbitBroker, event: CloudEvent, *, exchange: str = EVENTS_EXCHANGE) -> None:
    """Publish with publisher confirms (FastStream's channels confirm by default); raises if unconfirmed."""
    await broker.publish(
        event.amqp_body(),
        exchange=EXCHANGES[exchange],
        routing_key=event.routing_key,
        headers=dict(event.amqp_headers()),
        message_id=event.id,
        correlation_id=event.correlationid,
        content_type=JSON,
        timestamp=event.time,
        message_type=event.type,
        persist=True,
        mandatory=False,
    )


async def publish_cloud_event_to_queue(broker: RabbitBroker, event: CloudEvent, *, queue: str) -> None:
    """Straight into one consumer's queue through the default exchange, e.g. to replay to it alone."""
    await broker.publish(
        event.amqp_body(),
        routing_key=queue,
        headers=dict(event.amqp_headers()),
        message_id=event.id,
        correlation_id=event.correlationid,
        content_type=JSON,
        timestamp=event.time,
        message_type=event.type,
        persist=True,
        mandatory=True,
    )


async def republish_raw(
    broker: RabbitBroker,
    *,
    body: bytes,
    headers: Mapping[str, Any],
    routing_key: str,
    exchange: RabbitExchange | None,
    message_id: str | None,
    correlation_id: str | None,
    content_type: str | None,
) -> None:
    await broker.publish(
        body,
        exchange=exchange,
        routing_key=routing_key,
        headers=dict(headers),
        message_id=message_id,
        correlation_id=correlation_id,
        content_type=content_type,
        persist=True,
        mandatory=False,
    )


def utc_now_iso() -> str:
    return datetime.now(UTC).isoformat()
