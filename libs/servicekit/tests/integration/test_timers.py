"""Durable timers on a real MongoDB-wire server: due, claimed once, re-armed on failure."""

import asyncio
from datetime import UTC, datetime, timedelta

import pytest
from pymongo.asynchronous.database import AsyncDatabase

from arendo_kit.mongo import Document, ensure_indexes
from arendo_kit.timers import TIMER_INDEXES, Timer, TimerStore, TimerWorker

pytestmark = pytest.mark.integration


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 5, 1, 8, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@pytest.fixture
async def store(mongo_db: AsyncDatabase[Document]) -> TimerStore:
    await ensure_indexes(mongo_db, TIMER_INDEXES)
    return TimerStore(mongo_db)


async def test_a_timer_fires_once_when_due_even_with_two_replicas(store: TimerStore) -> None:
    clock = Clock()
    fired: list[str] = []

    async def reopen(timer: Timer) -> None:
        fired.append(timer.key)

    for n in range(20):
        await store.schedule(kind="reopen", key=f"case-{n}", due_at=clock.now + timedelta(minutes=5), payload={"n": n})
    replicas = [TimerWorker(store=store, handlers={"reopen": reopen}, clock=clock) for _ in range(2)]
    assert sum(await asyncio.gather(*(r.run_due() for r in replicas))) == 0  # not due yet
    clock.advance(minutes=6)
    counts = await asyncio.gather(*(r.run_due() for r in replicas), *(r.run_due() for r in replicas))
    assert sum(counts) == 20
    assert sorted(fired) == sorted(f"case-{n}" for n in range(20))
    assert await store.collection.count_documents({}) == 0


async def test_a_failing_timer_is_re_armed_with_back_off(store: TimerStore) -> None:
    clock = Clock()
    calls: list[int] = []

    async def flaky(timer: Timer) -> None:
        calls.append(timer.attempts)
        if len(calls) < 3:
            raise RuntimeError("downstream unavailable")

    worker = TimerWorker(store=store, handlers={"remind": flaky}, clock=clock, poll_seconds=1.0)
    await store.schedule(kind="remind", key="r-1", due_at=clock.now)
    clock.advance(seconds=1)
    assert await worker.run_due() == 0
    doc = await store.get(kind="remind", key="r-1")
    assert doc is not None
    assert doc["state"] == "pending"
    assert doc["attempts"] == 1
    assert "downstream unavailable" in doc["last_error"]
    assert await worker.run_due() == 0  # back-off: not due again yet
    clock.advance(seconds=2)
    assert await worker.run_due() == 0
    clock.advance(seconds=5)
    assert await worker.run_due() == 1
    assert calls == [0, 1, 2]


async def test_a_timer_whose_replica_died_is_taken_over_after_its_lease(store: TimerStore) -> None:
    clock = Clock()
    await store.schedule(kind="expire", key="lock-1", due_at=clock.now)
    clock.advance(seconds=1)
    [due] = await store.due(clock.now, 10)
    assert await store.claim(due, owner="dead-replica", lease_until=clock.now + timedelta(seconds=60)) is not None
    fired: list[str] = []

    async def expire(timer: Timer) -> None:
        fired.append(timer.key)

    survivor = TimerWorker(store=store, handlers={"expire": expire}, clock=clock)
    assert await survivor.run_due() == 0
    clock.advance(seconds=61)
    assert await survivor.run_due() == 1
    assert fired == ["lock-1"]


async def test_scheduling_again_moves_the_timer_and_cancel_removes_it(store: TimerStore) -> None:
    clock = Clock()
    await store.schedule(kind="reopen", key="c-1", due_at=clock.now + timedelta(hours=1))
    await store.schedule(kind="reopen", key="c-1", due_at=clock.now + timedelta(hours=2))
    assert await store.collection.count_documents({}) == 1
    doc = await store.get(kind="reopen", key="c-1")
    assert doc is not None
    assert doc["due_at"] == clock.now + timedelta(hours=2)
    assert await store.cancel(kind="reopen", key="c-1")
    assert await store.get(kind="reopen", key="c-1") is None
