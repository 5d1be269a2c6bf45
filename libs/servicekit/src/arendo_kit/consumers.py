"""Idempotent event consumers: one durable quorum queue each, retry with back-off, then parking."""

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Annotated, Any, Literal, Union

from faststream import AckPolicy
from faststream.exceptions import RejectMessage
from faststream.rabbit import Channel, RabbitBroker
from faststream.rabbit.annotations import RabbitMessage
from prometheus_client import Counter
from pydantic import TypeAdapter, WithJsonSchema
from pymongo.asynchronous.collection import AsyncCollection
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError

from arendo_contracts import CloudEvent, MalformedMessage, Message
from arendo_contracts.topology import EVENTS_EXCHANGE, queue_name
from arendo_kit.broker import (
    ATTEMPT_HEADER,
    EXCHANGES,
    PARK_REASON_HEADER,
    PARKED_AT_HEADER,
    PARKED_FROM_HEADER,
    RETRY_DELAY_HEADER,
    consumer_queue,
    declare_parking,
    parking_queue_name,
    republish_raw,
    retry_exchange,
    utc_now_iso,
)
from arendo_kit.logging import bind_correlation_id, get_logger
from arendo_kit.mongo import Document, IndexSpec

log = get_logger(__name__)

Handler = Callable[[CloudEvent], Awaitable[None]]

MESSAGES_CONSUMED = Counter("arendo_messages_consumed_total", "Messages handled", ["queue", "outcome"])

PROCESSED_COLLECTION = "processed_messages"
PROCESSED_INDEXES = (IndexSpec(PROCESSED_COLLECTION, [("state", 1), ("at", 1)]),)


class MessageBusy(RuntimeError):
    """Another delivery of the same message is being handled right now."""


class ProcessedMessages:
    """Message ids a consumer has handled or is handling, so a redelivered message changes nothing twice.

    A delivery claims the id before its handler runs; a concurrent duplicate finds the claim and is
    retried later, by which time the claim is done (skip) or its lease ran out because the
    consumer died (take over).
    """

    def __init__(self, db: AsyncDatabase[Document], *, lease: timedelta = timedelta(minutes=5)) -> None:
        self._collection: AsyncCollection[Document] = db[PROCESSED_COLLECTION]
        self._lease = lease

    async def claim(self, queue: str, message_id: str) -> Literal["claimed", "done", "busy"]:
        key = f"{queue}:{message_id}"
        now = datetime.now(UTC)
        try:
            await self._collection.insert_one(
                {"_id": key, "state": "processing", "at": now, "lease_until": now + self._lease, "version": 1}
            )
            return "claimed"
        except DuplicateKeyError:
            pass
        current = await self._collection.find_one({"_id": key})
        if current is None:
            return await self.claim(queue, message_id)
        if current["state"] == "done":
            return "done"
        if current["lease_until"] > now:
            return "busy"
        taken = await self._collection.replace_one(
            {"_id": key, "version": current["version"]},
            {
                "_id": key,
                "state": "processing",
                "at": now,
                "lease_until": now + self._lease,
                "version": current["version"] + 1,
            },
        )
        return "claimed" if taken.matched_count else "busy"

    async def complete(self, queue: str, message_id: str) -> None:
        key = f"{queue}:{message_id}"
        await self._collection.replace_one(
            {"_id": key}, {"_id": key, "state": "done", "at": datetime.now(UTC), "version": 0}
        )

    async def release(self, queue: str, message_id: str) -> None:
        await self._collection.delete_one({"_id": f"{queue}:{message_id}", "state": "processing"})

    async def forget_older_than(self, age: timedelta) -> int:
        result = await self._collection.delete_many({"state": "done", "at": {"$lt": datetime.now(UTC) - age}})
        return result.deleted_count


def _payload_schema(messages: Sequence[type[Message]]) -> dict[str, Any]:
    models = tuple(messages)
    payload: Any = models[0] if len(models) == 1 else Union[models]  # noqa: UP007
    schema: dict[str, Any] = TypeAdapter(payload).json_schema()
    definitions = schema.pop("$defs", {})
    inlined: dict[str, Any] = _inline_refs(schema, definitions)
    return inlined


def _inline_refs(node: Any, definitions: dict[str, Any]) -> Any:
    # A schema handed to WithJsonSchema must stand alone: no references into a $defs section.
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/$defs/"):
            return _inline_refs(definitions[ref.removeprefix("#/$defs/")], definitions)
        return {key: _inline_refs(value, definitions) for key, value in node.items()}
    if isinstance(node, list):
        return [_inline_refs(item, definitions) for item in node]
    return node


@dataclass(frozen=True)
class Subscription:
    """One consumer: its queue purpose, what it binds to, the messages it understands, its handler."""

    purpose: str
    bindings: Sequence[str]
    messages: Sequence[type[Message]]
    handler: Handler
    exchange: str = EVENTS_EXCHANGE
    description: str | None = None


@dataclass
class Consumers:
    broker: RabbitBroker
    service: str
    processed: ProcessedMessages
    retry_delays_ms: Sequence[int]
    delivery_limit: int
    prefetch: int = 16
    handler_timeout_seconds: float = 60.0
    queues: list[str] = field(default_factory=list)
    _extra_bindings: list[tuple[str, str, str]] = field(default_factory=list)

    def add(self, subscription: Subscription) -> None:
        name = queue_name(self.service, subscription.purpose)
        if not subscription.bindings:
            raise ValueError(f"subscription {name} binds to nothing")
        first, *rest = subscription.bindings
        self.queues.append(name)
        self._extra_bindings.extend((name, subscription.exchange, key) for key in rest)
        on_message = self._make_handler(name, subscription)
        self.broker.subscriber(
            consumer_queue(name, routing_key=first, delivery_limit=self.delivery_limit),
            EXCHANGES[subscription.exchange],
            channel=Channel(prefetch_count=self.prefetch),
            ack_policy=AckPolicy.NACK_ON_ERROR,
            no_reply=True,
            title=name,
            description=subscription.description or subscription.handler.__doc__,
        )(on_message)

    async def declare_after_connect(self) -> None:
        for name in self.queues:
            await declare_parking(self.broker, name)

    async def bind_after_start(self) -> None:
        for name, exchange_name, key in self._extra_bindings:
            queue = await self.broker.declare_queue(
                consumer_queue(name, routing_key=key, delivery_limit=self.delivery_limit)
            )
            exchange = await self.broker.declare_exchange(EXCHANGES[exchange_name])
            await queue.bind(exchange, routing_key=key)

    def _make_handler(self, queue: str, subscription: Subscription) -> Callable[..., Awaitable[None]]:
        async def on_message(body: Any, message: RabbitMessage) -> None:
            try:
                await self._consume(queue, subscription, message)
            except Exception as exc:
                # The kit could neither finish, retry nor park the message (MongoDB or the broker
                # unreachable), so it goes back to the queue; past the quorum queue's delivery limit
                # the broker dead-letters it to parking. A reject, not a nack: from RabbitMQ 4.3 a
                # nack with requeue no longer counts towards the delivery limit, and the message would
                # come back for ever.
                log.error("message_returned_to_queue", queue=queue, error=repr(exc), exc_info=exc)
                MESSAGES_CONSUMED.labels(queue, "returned").inc()
                raise RejectMessage(requeue=True) from exc

        # The payload annotation documents the subscription's messages in the AsyncAPI export
        # while accepting any body: the envelope is parsed in _consume, where a malformed message
        # is parked with its reason instead of failing validation and being redelivered.
        on_message.__annotations__["body"] = Annotated[Any, WithJsonSchema(_payload_schema(subscription.messages))]
        on_message.__name__ = queue.replace(".", "_").replace("-", "_")
        on_message.__doc__ = subscription.description or subscription.handler.__doc__
        return on_message

    async def _consume(self, queue: str, subscription: Subscription, message: Any) -> None:
        raw = message.raw_message
        headers: dict[str, Any] = dict(raw.headers or {})
        bind_correlation_id(raw.correlation_id or headers.get("cloudEvents:correlationid"))
        try:
            event = CloudEvent.from_amqp(body=raw.body, headers=headers, content_type=raw.content_type)
        except MalformedMessage as exc:
            await self._park(queue, raw, headers, reason=str(exc))
            MESSAGES_CONSUMED.labels(queue, "parked").inc()
            return
        claim = await self.processed.claim(queue, event.id)
        if claim == "done":
            MESSAGES_CONSUMED.labels(queue, "duplicate").inc()
            return
        if claim == "busy":
            await self._retry_or_park(queue, raw, headers, MessageBusy(f"message {event.id} is being handled"))
            return
        try:
            # A handler stuck on a dependency would hold its delivery and, at shutdown, the
            # consumer; past the limit it counts as a failure and is retried like one.
            async with asyncio.timeout(self.handler_timeout_seconds):
                await subscription.handler(event)
        except MalformedMessage as exc:
            await self.processed.complete(queue, event.id)
            await self._park(queue, raw, headers, reason=str(exc))
            MESSAGES_CONSUMED.labels(queue, "parked").inc()
            return
        except Exception as exc:  # noqa: BLE001 - any handler failure is retried, then parked
            await self.processed.release(queue, event.id)
            await self._retry_or_park(queue, raw, headers, exc)
            return
        await self.processed.complete(queue, event.id)
        MESSAGES_CONSUMED.labels(queue, "handled").inc()

    async def _retry_or_park(self, queue: str, raw: Any, headers: dict[str, Any], exc: Exception) -> None:
        attempt = int(headers.get(ATTEMPT_HEADER, 1))
        if attempt > len(self.retry_delays_ms):
            log.error("message_parked", queue=queue, attempt=attempt, error=repr(exc))
            await self._park(queue, raw, headers, reason=f"handler failed {attempt} times: {exc!r}")
            MESSAGES_CONSUMED.labels(queue, "parked").inc()
            return
        delay = self.retry_delays_ms[attempt - 1]
        log.warning("message_retry_scheduled", queue=queue, attempt=attempt, delay_ms=delay, error=repr(exc))
        retry_headers = {**headers, ATTEMPT_HEADER: attempt + 1, RETRY_DELAY_HEADER: str(delay)}
        await republish_raw(
            self.broker,
            body=raw.body,
            headers=retry_headers,
            routing_key=queue,
            exchange=retry_exchange,
            message_id=raw.message_id,
            correlation_id=raw.correlation_id,
            content_type=raw.content_type,
        )
        MESSAGES_CONSUMED.labels(queue, "retried").inc()

    async def _park(self, queue: str, raw: Any, headers: dict[str, Any], *, reason: str) -> None:
        parked_headers = {
            **headers,
            PARK_REASON_HEADER: reason[:1000],
            PARKED_FROM_HEADER: queue,
            PARKED_AT_HEADER: utc_now_iso(),
        }
        await republish_raw(
            self.broker,
            body=raw.body,
            headers=parked_headers,
            routing_key=parking_queue_name(queue),
            exchange=None,
            message_id=raw.message_id,
            correlation_id=raw.correlation_id,
            content_type=raw.content_type,
        )
