"""Operator tools for parked messages: list them with their reason, replay them to their queue.

python -m arendo_kit.parking --url amqp://… list case-service.inbox-registers
python -m arendo_kit.parking --url amqp://… replay case-service.inbox-registers
"""

import argparse
import asyncio
import json
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any

import aio_pika
from aio_pika.abc import AbstractIncomingMessage

from arendo_kit.broker import (
    ATTEMPT_HEADER,
    PARK_REASON_HEADER,
    PARKED_AT_HEADER,
    PARKED_FROM_HEADER,
    RETRY_DELAY_HEADER,
    parking_queue_name,
)

_PARKING_ONLY_HEADERS = {
    PARK_REASON_HEADER,
    PARKED_AT_HEADER,
    PARKED_FROM_HEADER,
    ATTEMPT_HEADER,
    RETRY_DELAY_HEADER,
    "x-death",
    "x-first-death-exchange",
    "x-first-death-queue",
    "x-first-death-reason",
    "x-last-death-exchange",
    "x-last-death-queue",
    "x-last-death-reason",
    "x-delivery-count",
}


@dataclass(frozen=True)
class ParkedMessage:
    message_id: str | None
    type: str | None
    reason: str
    parked_at: str | None
    body_preview: str


def _text(value: object) -> str:
    return value.decode(errors="replace") if isinstance(value, bytes) else str(value)


_BROKER_REASONS = {
    "delivery_limit": "delivered more times than the queue's delivery limit without being acknowledged "
    "(the consumer died, timed out or gave it back every time)",
    "rejected": "rejected by a consumer without requeueing",
    "expired": "its time to live ran out",
    "maxlen": "the queue was full",
}


def _latest_death(headers: Mapping[str, Any]) -> Mapping[str, Any]:
    # RabbitMQ keeps x-death most recent first.
    deaths = headers.get("x-death")
    if isinstance(deaths, list) and deaths and isinstance(deaths[0], Mapping):
        return deaths[0]
    return {}


def _reason(message: AbstractIncomingMessage) -> str:
    headers = message.headers or {}
    if PARK_REASON_HEADER in headers:
        return _text(headers[PARK_REASON_HEADER])
    # Dead-lettered by the broker (delivery limit or rejection) rather than parked by the kit. The
    # latest dead-lettering is why it is here: x-first-death-reason names the first one, which for a
    # message the kit had retried is its expiry in a retry delay queue.
    death = _latest_death(headers)
    raw = headers.get("x-last-death-reason") or death.get("reason") or headers.get("x-first-death-reason")
    reason = _text(raw) if raw else "unknown"
    queue = headers.get("x-last-death-queue") or death.get("queue")
    origin = f" from {_text(queue)}" if queue else ""
    explained = f": {_BROKER_REASONS[reason]}" if reason in _BROKER_REASONS else ""
    return f"dead-lettered by the broker{origin}: {reason}{explained}"


def _parked_at(headers: Mapping[str, Any]) -> str | None:
    if PARKED_AT_HEADER in headers:
        return _text(headers[PARKED_AT_HEADER])
    # The broker stamps its dead-lettering with a time (whole seconds) instead of the kit's header.
    time = _latest_death(headers).get("time")
    return time.isoformat() if isinstance(time, datetime) else None


async def list_parked(url: str, queue: str, *, limit: int = 50) -> list[ParkedMessage]:
    """Read up to `limit` parked messages without removing them (they are requeued on close)."""
    connection = await aio_pika.connect(url)
    try:
        channel = await connection.channel()
        parked = await channel.declare_queue(parking_queue_name(queue), durable=True, passive=True)
        found: list[ParkedMessage] = []
        for _ in range(limit):
            message = await parked.get(no_ack=False, fail=False)
            if message is None:
                break
            headers = message.headers or {}
            found.append(
                ParkedMessage(
                    message_id=message.message_id,
                    type=_text(headers["cloudEvents:type"]) if "cloudEvents:type" in headers else message.type,
                    reason=_reason(message),
                    parked_at=_parked_at(headers),
                    body_preview=message.body[:500].decode(errors="replace"),
                )
            )
        return found
    finally:
        await connection.close()


async def count_parked(url: str, queue: str) -> int:
    connection = await aio_pika.connect(url)
    try:
        channel = await connection.channel()
        parked = await channel.declare_queue(parking_queue_name(queue), durable=True, passive=True)
        return parked.declaration_result.message_count or 0
    finally:
        await connection.close()


async def replay_parked(url: str, queue: str, *, limit: int | None = None) -> int:
    """Move parked messages back to their consumer queue with a fresh attempt count."""
    connection = await aio_pika.connect(url)
    replayed = 0
    try:
        channel = await connection.channel(publisher_confirms=True)
        parked = await channel.declare_queue(parking_queue_name(queue), durable=True, passive=True)
        while limit is None or replayed < limit:
            message = await parked.get(no_ack=False, fail=False)
            if message is None:
                break
            headers: dict[str, Any] = {
                k: v for k, v in (message.headers or {}).items() if k not in _PARKING_ONLY_HEADERS
            }
            await channel.default_exchange.publish(
                aio_pika.Message(
                    body=message.body,
                    headers=headers,
                    content_type=message.content_type,
                    message_id=message.message_id,
                    correlation_id=message.correlation_id,
                    delivery_mode=aio_pika.DeliveryMode.PERSISTENT,
                ),
                routing_key=queue,
            )
            await message.ack()
            replayed += 1
        return replayed
    finally:
        await connection.close()


def main() -> None:
    parser = argparse.ArgumentParser(description="Inspect and replay parked messages")
    parser.add_argument("--url", required=True, help="AMQP URL of the broker")
    parser.add_argument("action", choices=["list", "count", "replay"])
    parser.add_argument("queue", help="consumer queue, e.g. case-service.inbox-registers")
    parser.add_argument("--limit", type=int, default=None)
    args = parser.parse_args()
    if args.action == "list":
        rows = asyncio.run(list_parked(args.url, args.queue, limit=args.limit or 50))
        print(json.dumps([asdict(r) for r in rows], indent=2, ensure_ascii=False))
    elif args.action == "count":
        print(asyncio.run(count_parked(args.url, args.queue)))
    else:
        print(f"replayed {asyncio.run(replay_parked(args.url, args.queue, limit=args.limit))} message(s)")


if __name__ == "__main__":
    main()
