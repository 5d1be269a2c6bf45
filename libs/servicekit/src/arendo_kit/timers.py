"""Durable timers: documents with a due time, claimed with a version check so that two
replicas never fire one timer twice, re-armed with back-off when their handler fails.

A claim is a lease: a replica that dies while firing leaves a timer whose lease runs out, and
another replica claims it again. A timer is identified by kind and key, so scheduling the same
thing twice moves it instead of adding a second one.
"""

import asyncio
import socket
import uuid
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from pymongo.asynchronous.collection import AsyncCollection
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError

from arendo_kit.clock import Clock, utc_now
from arendo_kit.logging import bind_correlation_id, get_logger
from arendo_kit.mongo import Document, IndexSpec

log = get_logger(__name__)

TIMERS_COLLECTION = "timers"
TIMER_INDEXES = (
    IndexSpec(TIMERS_COLLECTION, [("state", 1), ("due_at", 1)]),
    IndexSpec(TIMERS_COLLECTION, [("state", 1), ("lease_until", 1)]),
)
PENDING, RUNNING = "pending", "running"


@dataclass(frozen=True)
class Timer:
    kind: str
    key: str
    due_at: datetime
    payload: Mapping[str, Any]
    attempts: int


TimerHandler = Callable[[Timer], Awaitable[None]]


def _timer_id(kind: str, key: str) -> str:
    return f"{kind}:{key}"


class TimerStore:
    def __init__(self, db: AsyncDatabase[Document]) -> None:
        self.collection: AsyncCollection[Document] = db[TIMERS_COLLECTION]

    async def schedule(
        self, *, kind: str, key: str, due_at: datetime, payload: Mapping[str, Any] | None = None
    ) -> None:
        timer_id = _timer_id(kind, key)
        while True:
            current = await self.collection.find_one({"_id": timer_id})
            doc = {
                "_id": timer_id,
                "kind": kind,
                "key": key,
                "due_at": due_at,
                "payload": dict(payload or {}),
                "state": PENDING,
                "attempts": 0,
            }
            if current is None:
                try:
                    await self.collection.insert_one({**doc, "version": 1})
                    return
                except DuplicateKeyError:
                    continue
            result = await self.collection.replace_one(
                {"_id": timer_id, "version": current["version"]}, {**doc, "version": current["version"] + 1}
            )
            if result.matched_count:
                return

    async def cancel(self, *, kind: str, key: str) -> bool:
        result = await self.collection.delete_one({"_id": _timer_id(kind, key)})
        return result.deleted_count == 1

    async def get(self, *, kind: str, key: str) -> Document | None:
        return await self.collection.find_one({"_id": _timer_id(kind, key)})

    async def due(self, now: datetime, limit: int) -> list[Document]:
        query = {"$or": [{"state": PENDING, "due_at": {"$lt": now}}, {"state": RUNNING, "lease_until": {"$lt": now}}]}
        return await self.collection.find(query).sort("due_at", 1).limit(limit).to_list()

    async def claim(self, doc: Document, *, owner: str, lease_until: datetime) -> Document | None:
        claimed = {**doc, "state": RUNNING, "owner": owner, "lease_until": lease_until, "version": doc["version"] + 1}
        result = await self.collection.replace_one({"_id": doc["_id"], "version": doc["version"]}, claimed)
        return claimed if result.matched_count else None

    async def complete(self, claimed: Document) -> None:
        await self.collection.delete_one({"_id": claimed["_id"], "version": claimed["version"]})

    async def rearm(self, claimed: Document, *, due_at: datetime, error: str) -> None:
        doc = {k: v for k, v in claimed.items() if k not in ("owner", "lease_until")}
        doc.update(
            state=PENDING,
            due_at=due_at,
            attempts=claimed["attempts"] + 1,
            last_error=error[:500],
            version=claimed["version"] + 1,
        )
        await self.collection.replace_one({"_id": claimed["_id"], "version": claimed["version"]}, doc)


class TimerWorker:
    """Polls for due timers and fires their handlers; run one per replica."""

    def __init__(
        self,
        *,
        store: TimerStore,
        handlers: Mapping[str, TimerHandler],
        poll_seconds: float = 1.0,
        lease_seconds: float = 60.0,
        clock: Clock = utc_now,
        batch_size: int = 50,
        max_backoff_seconds: float = 3600.0,
    ) -> None:
        self.store = store
        self.handlers = dict(handlers)
        self.poll_seconds = poll_seconds
        self.lease = timedelta(seconds=lease_seconds)
        self.clock = clock
        self.batch_size = batch_size
        self.max_backoff_seconds = max_backoff_seconds
        self.owner = f"{socket.gethostname()}:{uuid.uuid4().hex[:8]}"
        self.fired = 0
        self._task: asyncio.Task[None] | None = None

    async def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name="timer-worker")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            await asyncio.wait([self._task])  # see OutboxRelay.stop
            self._task = None

    async def _run(self) -> None:
        while True:
            try:
                await self.run_due()
            except asyncio.CancelledError:
                raise
            except Exception:
                log.warning("timer_poll_failed", exc_info=True)
            await asyncio.sleep(self.poll_seconds)

    async def run_due(self) -> int:
        """Claim and fire every due timer; returns how many this replica fired."""
        now = self.clock()
        fired = 0
        for doc in await self.store.due(now, self.batch_size):
            claimed = await self.store.claim(doc, owner=self.owner, lease_until=now + self.lease)
            if claimed is None:
                continue  # another replica took it
            fired += await self._fire(claimed)
        return fired

    async def _fire(self, claimed: Document) -> int:
        timer = Timer(
            kind=claimed["kind"],
            key=claimed["key"],
            due_at=claimed["due_at"],
            payload=claimed.get("payload", {}),
            attempts=claimed["attempts"],
        )
        bind_correlation_id(None)
        handler = self.handlers.get(timer.kind)
        try:
            if handler is None:
                raise LookupError(f"no handler for timer kind {timer.kind!r}")
            await handler(timer)
        except Exception as exc:  # noqa: BLE001 - re-arm whatever went wrong
            backoff = min(self.max_backoff_seconds, 2.0 ** min(timer.attempts, 20) * self.poll_seconds)
            log.warning("timer_failed", kind=timer.kind, key=timer.key, attempts=timer.attempts + 1, error=repr(exc))
            await self.store.rearm(claimed, due_at=self.clock() + timedelta(seconds=backoff), error=repr(exc))
            return 0
        await self.store.complete(claimed)
        self.fired += 1
        return 1
