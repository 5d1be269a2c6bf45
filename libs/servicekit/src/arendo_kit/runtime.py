"""One object per service process that owns its connections and background work, and the
FastAPI lifespan that starts and stops them in order. A service's `main.py` builds one."""

import asyncio
import time
from collections.abc import AsyncIterator, Coroutine, Sequence
from contextlib import asynccontextmanager
from datetime import timedelta
from typing import Any

from fastapi import APIRouter, FastAPI

from arendo_contracts import CloudEvent, Message, message_type_for
from arendo_contracts.topology import EVENTS_EXCHANGE
from arendo_kit.auth import TokenVerifier
from arendo_kit.broker import (
    EXCHANGES,
    create_broker,
    declare_shared_topology,
    publish_cloud_event,
    publish_cloud_event_to_queue,
)
from arendo_kit.consumers import PROCESSED_INDEXES, Consumers, ProcessedMessages, Subscription
from arendo_kit.http import health_router, install_request_middleware, parking_router
from arendo_kit.logging import configure_logging, get_logger
from arendo_kit.mongo import IndexSpec, connect, ensure_indexes, ping
from arendo_kit.outbox import EventFactory, OutboxRelay
from arendo_kit.problems import install_problem_handlers
from arendo_kit.settings import ServiceSettings
from arendo_kit.timers import TIMER_INDEXES, TimerHandler, TimerStore, TimerWorker

log = get_logger(__name__)

PROCESSED_RETENTION = timedelta(days=7)
STOP_STEP_SECONDS = 20.0
SLOW_STOP_STEP_SECONDS = 5.0


class ServiceRuntime:
    def __init__(self, settings: ServiceSettings) -> None:
        configure_logging(level=settings.log_level, json=settings.log_json, service=settings.service_name)
        self.settings = settings
        self.mongo = connect(
            settings.mongodb_url,
            timeout_ms=settings.mongodb_timeout_ms,
            socket_timeout_ms=settings.mongodb_socket_timeout_ms,
        )
        self.db = self.mongo[settings.mongodb_database]
        self.broker = create_broker(url=settings.rabbitmq_url, service=settings.service_name)
        self.events = EventFactory(source=settings.service_name)
        self.verifier = TokenVerifier(
            issuer=settings.jwt_issuer,
            audience=settings.jwt_audience,
            public_key=settings.jwt_public_key,
            jwks_url=settings.jwt_jwks_url,
        )
        self.consumers = Consumers(
            broker=self.broker,
            service=settings.service_name,
            processed=ProcessedMessages(self.db),
            retry_delays_ms=settings.consumer_retry_delays_ms,
            delivery_limit=settings.consumer_delivery_limit,
            prefetch=settings.consumer_prefetch,
            handler_timeout_seconds=settings.consumer_handler_timeout_seconds,
        )
        self.timers = TimerStore(self.db)
        self._indexes: list[IndexSpec] = [*PROCESSED_INDEXES]
        self._outbox_collections: list[str] = []
        self._timer_handlers: dict[str, TimerHandler] = {}
        self.relay: OutboxRelay | None = None
        self.timer_worker: TimerWorker | None = None
        self._housekeeping: asyncio.Task[None] | None = None

    # --- registration, before start ----------------------------------------------------

    def add_indexes(self, specs: Sequence[IndexSpec]) -> None:
        self._indexes.extend(specs)

    def add_outbox(self, collection: str) -> None:
        self._outbox_collections.append(collection)

    def add_timer(self, kind: str, handler: TimerHandler) -> None:
        self._timer_handlers[kind] = handler

    def subscribe(self, subscription: Subscription) -> None:
        self.consumers.add(subscription)

    def publishes(self, *messages: type[Message]) -> None:
        """Declare what this service publishes (through its outbox) for the AsyncAPI document."""
        for message in messages:
            self.broker.publisher(
                routing_key=message.routing_key,
                exchange=EXCHANGES[message.exchange],
                schema=message,
                title=message.routing_key,
                description=(message.__doc__ or "").strip() or None,
            )

    def nudge_relay(self) -> None:
        if self.relay is not None:
            self.relay.nudge()

    async def publish(self, event: CloudEvent) -> None:
        # Commands go to arendo.commands, events (and anything unknown to this version) to arendo.events.
        model = message_type_for(event.routing_key)
        await publish_cloud_event(self.broker, event, exchange=model.exchange if model else EVENTS_EXCHANGE)

    async def send_to_queue(self, event: CloudEvent, queue: str) -> None:
        await publish_cloud_event_to_queue(self.broker, event, queue=queue)

    # --- readiness ----------------------------------------------------------------------

    async def mongo_ready(self) -> bool:
        return await ping(self.db)

    async def broker_ready(self) -> bool:
        try:
            return bool(await self.broker.ping(timeout=2.0))
        except Exception:  # noqa: BLE001
            return False

    # --- life cycle -----------------------------------------------------------------------

    async def start(self) -> None:
        await ensure_indexes(self.db, [*self._indexes, *(TIMER_INDEXES if self._timer_handlers else ())])
        await self.broker.connect()
        await declare_shared_topology(self.broker, retry_delays_ms=self.settings.consumer_retry_delays_ms)
        await self.consumers.declare_after_connect()
        await self.broker.start()
        await self.consumers.bind_after_start()
        if self._outbox_collections:
            self.relay = OutboxRelay(
                collections=[self.db[name] for name in self._outbox_collections],
                publish=self.publish,
                poll_seconds=self.settings.outbox_poll_seconds,
            )
            await self.relay.start()
        if self._timer_handlers:
            self.timer_worker = TimerWorker(
                store=self.timers,
                handlers=self._timer_handlers,
                poll_seconds=self.settings.timer_poll_seconds,
                lease_seconds=self.settings.timer_lease_seconds,
            )
            await self.timer_worker.start()
        self._housekeeping = asyncio.create_task(self._prune_processed(), name="prune-processed")
        log.info("service_started", queues=self.consumers.queues)

    async def stop(self) -> None:
        if self._housekeeping is not None:
            self._housekeeping.cancel()
        if self.timer_worker is not None:
            await self._bounded("timer_worker", self.timer_worker.stop())
        if self.relay is not None:
            await self._bounded("outbox_relay", self.relay.stop())
        # FastStream waits for in-flight messages up to its graceful timeout.
        await self._bounded("broker", self.broker.stop())
        await self._bounded("mongodb", self.mongo.close())
        log.info("service_stopped")

    async def _bounded(self, step: str, stopping: Coroutine[Any, Any, None]) -> None:
        # Shutdown must end within the pod's grace period even if a dependency stops answering;
        # what was not finished is redelivered or relayed by the next replica.
        started = time.monotonic()
        try:
            async with asyncio.timeout(STOP_STEP_SECONDS):
                await stopping
        except TimeoutError:
            log.error("shutdown_step_timed_out", step=step, seconds=STOP_STEP_SECONDS)
            return
        if (elapsed := time.monotonic() - started) > SLOW_STOP_STEP_SECONDS:
            log.warning("shutdown_step_slow", step=step, seconds=round(elapsed, 1))

    async def _prune_processed(self) -> None:
        while True:
            try:
                removed = await self.consumers.processed.forget_older_than(PROCESSED_RETENTION)
                if removed:
                    log.info("processed_messages_pruned", removed=removed)
            except Exception:
                log.warning("processed_messages_prune_failed", exc_info=True)
            await asyncio.sleep(3600)

    @asynccontextmanager
    async def lifespan(self, app: FastAPI) -> AsyncIterator[None]:
        await self.start()
        try:
            yield
        finally:
            await self.stop()

    def create_app(self, *, title: str, routers: Sequence[APIRouter], version: str = "0.1.0") -> FastAPI:
        app = FastAPI(
            title=title,
            version=version,
            lifespan=self.lifespan,
            openapi_url=f"{self.settings.api_prefix}/openapi.json",
            docs_url=f"{self.settings.api_prefix}/docs",
            redoc_url=None,
        )
        app.state.token_verifier = self.verifier
        app.state.runtime = self
        install_problem_handlers(app)
        install_request_middleware(app)
        app.include_router(health_router({"mongodb": self.mongo_ready, "broker": self.broker_ready}))
        app.include_router(
            parking_router(
                prefix=self.settings.api_prefix, rabbitmq_url=self.settings.rabbitmq_url, queues=self.consumers.queues
            )
        )
        for router in routers:
            app.include_router(router)
        return app
