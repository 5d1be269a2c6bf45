"""Watch and inject events on a real broker from a test."""

from collections.abc import Callable, Sequence

import aio_pika
from aio_pika.abc import AbstractIncomingMessage

from arendo_contracts import CloudEvent, Message
from arendo_contracts.topology import EVENTS_EXCHANGE
from arendo_kit.testing.polling import eventually


class EventProbe:
    """An exclusive queue bound to `arendo.events` (or another exchange) that collects the CloudEvents."""

    def __init__(self, url: str, bindings: Sequence[str] = ("#",), *, exchange: str = EVENTS_EXCHANGE) -> None:
        self.url = url
        self.bindings = list(bindings)
        self.exchange = exchange
        self.received: list[CloudEvent] = []
        self._connection: aio_pika.abc.AbstractRobustConnection | None = None

    async def __aenter__(self) -> "EventProbe":
        self._connection = await aio_pika.connect_robust(self.url)
        channel = await self._connection.channel()
        exchange = await channel.declare_exchange(self.exchange, aio_pika.ExchangeType.TOPIC, durable=True)
        queue = await channel.declare_queue(exclusive=True, auto_delete=True)
        for key in self.bindings:
            await queue.bind(exchange, routing_key=key)
        await queue.consume(self._on_message, no_ack=True)
        return self

    async def __aexit__(self, *exc: object) -> None:
        if self._connection is not None:
            await self._connection.close()

    async def _on_message(self, message: AbstractIncomingMessage) -> None:
        self.received.append(
            CloudEvent.from_amqp(body=message.body, headers=message.headers or {}, content_type=message.content_type)
        )

    def of_type(self, routing_key: str) -> list[CloudEvent]:
        return [e for e in self.received if e.routing_key == routing_key]

    async def wait_for(
        self,
        routing_key: str,
        *,
        subject: str | None = None,
        where: Callable[[CloudEvent], bool] | None = None,
        timeout: float = 15.0,
    ) -> CloudEvent:
        """The latest event of the kind (and subject) seen so far, once there is one. `where` picks
        the one a test is after when earlier events of the same subject may still be on their way
        (an outbox relays them after the probe was bound)."""

        async def found() -> CloudEvent | None:
            matches = [
                e
                for e in self.of_type(routing_key)
                if (subject is None or e.subject == subject) and (where is None or where(e))
            ]
            return matches[-1] if matches else None

        return await eventually(found, timeout=timeout, what=f"event {routing_key} ({subject or 'any'})")


async def publish_event(url: str, message: Message, *, source: str = "test", actor: str = "system") -> CloudEvent:
    """Publish one message as its owner would, with publisher confirms."""
    event = CloudEvent.wrap(message, source=source, actor=actor)
    connection = await aio_pika.connect(url)
    async with connection:
        channel = await connection.channel(publisher_confirms=True)
        exchange = await channel.declare_exchange(message.exchange, aio_pika.ExchangeType.TOPIC, durable=True)
        await exchange.publish(
            aio_pika.Message(
                body=event.amqp_body(),
                headers=event.amqp_headers(),
                content_type="application/json",
                message_id=event.id,
                delivery_mode=aio_pika.DeliveryMode.PERSISTENT,
            ),
            routing_key=event.routing_key,
        )
    return event
