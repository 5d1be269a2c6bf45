"""Use cases of the case lock (CASE-26): lock when the card opens for editing, heartbeat while it
is open, unlock (by anyone), and the lock-expiry timer that releases a lock nobody kept alive, so
the inbox view's lock icon clears. The refusal of others' changes is in `service.access`."""

from datetime import timedelta

from arendo_contracts.events.case import CaseUpdatedV1
from arendo_kit.auth import User
from arendo_kit.clock import Clock, utc_now
from arendo_kit.errors import ConcurrencyConflict
from arendo_kit.logging import get_logger
from arendo_kit.outbox import EventFactory
from arendo_kit.timers import Timer, TimerHandler, TimerStore
from case_service.domain.case import Case
from case_service.domain.lock import acquire_lock, heartbeat, lock_in_force, release_expired_lock, release_lock
from case_service.service.access import readable_case
from case_service.service.changes import store_change
from case_service.store import CaseRepository, RegisterReplicas
from case_service.store.locks import store_lock_extension

LOCK_EXPIRY_TIMER = "lock-expiry"
SYSTEM_ACTOR = "system"
# Reads and writes again when another change lands between them (a lock is never worth a 409 of its own).
ATTEMPTS = 3

_log = get_logger(__name__)


async def _expiry(registers: RegisterReplicas) -> timedelta:
    return timedelta(minutes=(await registers.system_settings()).lock_expiry_minutes)


async def _schedule_expiry(timers: TimerStore, case: Case) -> None:
    if case.lock is not None:
        await timers.schedule(kind=LOCK_EXPIRY_TIMER, key=case.id, due_at=case.lock.expires_at)


def _raced(case_id: str) -> ConcurrencyConflict:
    return ConcurrencyConflict(f"Ärendet {case_id} ändrades samtidigt; försök igen")


async def lock_case(
    *,
    cases: CaseRepository,
    registers: RegisterReplicas,
    timers: TimerStore,
    events: EventFactory,
    caller: User,
    case_id: str,
    clock: Clock = utc_now,
) -> Case:
    """Opening the card for editing locks the case for the caller (or extends the caller's lock);
    409 naming who holds it and since when if another officer does."""
    expiry = await _expiry(registers)
    for _ in range(ATTEMPTS):
        case = await readable_case(cases=cases, registers=registers, caller=caller, case_id=case_id)
        locked, changes = acquire_lock(case, by_id=caller.id, by_name=caller.name, now=clock(), expiry=expiry)
        # The timer first: a crash after it leaves a timer that finds nothing to do, never a lock without one.
        await _schedule_expiry(timers, locked)
        if changes:
            update = CaseUpdatedV1(case=locked.summary(), changes=tuple(changes))
            try:
                await cases.store(locked, events=[events(update, actor=caller.id)])
            except ConcurrencyConflict:
                continue
            return locked
        if locked is case or await store_lock_extension(cases, locked):
            return locked
    raise _raced(case_id)


async def keep_lock(
    *,
    cases: CaseRepository,
    registers: RegisterReplicas,
    timers: TimerStore,
    caller: User,
    case_id: str,
    clock: Clock = utc_now,
) -> Case:
    """The heartbeat of an open card: the caller's lock counts for another `lock_expiry_minutes`.
    The version does not move. 409 when the caller no longer holds the lock."""
    expiry = await _expiry(registers)
    for _ in range(ATTEMPTS):
        case = await readable_case(cases=cases, registers=registers, caller=caller, case_id=case_id)
        kept = heartbeat(case, by_id=caller.id, now=clock(), expiry=expiry)
        await _schedule_expiry(timers, kept)
        if kept is case or await store_lock_extension(cases, kept):
            return kept
    raise _raced(case_id)


async def unlock_case(
    *,
    cases: CaseRepository,
    registers: RegisterReplicas,
    events: EventFactory,
    caller: User,
    case_id: str,
) -> Case:
    """Any officer may unlock a case (the holder closing the card, or someone who cannot wait);
    the event records whose lock it was. The expiry timer is left to find nothing to do: cancelling
    it could cancel the timer of a lock someone took in the meantime."""
    for _ in range(ATTEMPTS):
        case = await readable_case(cases=cases, registers=registers, caller=caller, case_id=case_id)
        released, changes = release_lock(case)
        if not changes:
            return case
        update = CaseUpdatedV1(case=released.summary(), changes=tuple(changes))
        try:
            await cases.store(released, events=[events(update, actor=caller.id)])
        except ConcurrencyConflict:
            continue
        return released
    raise _raced(case_id)


async def expire_lock(
    *, cases: CaseRepository, events: EventFactory, timers: TimerStore, case_id: str, clock: Clock = utc_now
) -> None:
    """The lock-expiry timer: release a lock past its expiry and publish it, so the lock icon clears.
    A lock a heartbeat kept alive gets its timer moved; no lock (unlocked already) is nothing to do.
    A concurrent change raises, and the timer is fired again after a back-off."""
    case = await cases.get(case_id)
    if case is None or case.lock is None:
        return
    now = clock()
    if lock_in_force(case.lock, now=now):
        await _schedule_expiry(timers, case)
        return
    released, changes = release_expired_lock(case, now=now)
    if not changes:
        return
    await store_change(cases=cases, events=events, actor=SYSTEM_ACTOR, changed=released, changes=changes)
    _log.info("case_lock_expired", case_id=case.id, holder_id=case.lock.holder_id)


def lock_expiry_handler(
    *, cases: CaseRepository, events: EventFactory, timers: TimerStore, clock: Clock = utc_now
) -> TimerHandler:
    async def on_lock_expiry(timer: Timer) -> None:
        await expire_lock(cases=cases, events=events, timers=timers, case_id=timer.key, clock=clock)

    return on_lock_expiry
