"""Locking a case while an officer has its card open for editing (CASE-26). No I/O.

A lock counts until its expiry, which each heartbeat moves forward; past it the lock counts as
free for everyone, even before the lock-expiry timer has removed it from the case. Taking and
releasing a lock are changes of the case (the inbox view shows a lock icon); extending it is not:
it keeps the case's version, so the holder's If-Match stays valid while the card is open."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from arendo_contracts.events.case import FieldChange
from arendo_kit.errors import Conflict
from case_service.domain.card_fields import CaseLock
from case_service.domain.case import Case

LOCK_FIELD = "locked_by"
DISPLAY_ZONE = ZoneInfo("Europe/Stockholm")


class CaseLocked(Conflict):
    """Another officer holds the lock of the case."""


class LockNotHeld(Conflict):
    """A heartbeat from someone whose lock is gone (unlocked by another officer, or taken after expiry)."""


def lock_in_force(lock: CaseLock | None, *, now: datetime) -> bool:
    return lock is not None and now < lock.expires_at


def held_by_other(case: Case, *, user_id: str, now: datetime) -> CaseLock | None:
    """The lock that keeps `user_id` from changing the case, if any."""
    lock = case.lock
    if lock is not None and lock.holder_id != user_id and lock_in_force(lock, now=now):
        return lock
    return None


def refuse_if_locked_by_other(case: Case, *, user_id: str, now: datetime) -> None:
    """Every change by someone other than the holder of a lock in force is refused."""
    lock = held_by_other(case, user_id=user_id, now=now)
    if lock is not None:
        raise CaseLocked(f"Ärendet är låst av {lock.holder_name} sedan {display_time(lock.since)}", field="lock")


def acquire_lock(
    case: Case, *, by_id: str, by_name: str, now: datetime, expiry: timedelta
) -> tuple[Case, list[FieldChange]]:
    """Opening the card for editing. A free case (no lock, or one past its expiry) is locked for the
    caller: a change. The caller's own lock (even one past its expiry that nobody took) is extended:
    no change. Another's lock in force: 409."""
    refuse_if_locked_by_other(case, user_id=by_id, now=now)
    current = case.lock
    if current is not None and current.holder_id == by_id:
        return _extended(case, current, now=now, expiry=expiry), []
    lock = CaseLock(holder_id=by_id, holder_name=by_name, since=now, expires_at=now + expiry)
    change = FieldChange(field=LOCK_FIELD, old=current.holder_name if current else None, new=by_name)
    return case.model_copy(update={"lock": lock, "version": case.next_version()}), [change]


def heartbeat(case: Case, *, by_id: str, now: datetime, expiry: timedelta) -> Case:
    """The holder's card is still open: the lock counts for another `expiry` from now. A lock that
    has expired but is still on the case (nobody took it) is extended too; a lock that is gone or
    someone else's is not, so the card learns it must lock again."""
    current = case.lock
    if current is None or current.holder_id != by_id:
        raise LockNotHeld("Du har inte längre ärendet låst; öppna ärendet igen för att låsa det", field="lock")
    return _extended(case, current, now=now, expiry=expiry)


def release_lock(case: Case) -> tuple[Case, list[FieldChange]]:
    """Unlocking: by the holder closing the card, or by any officer (recorded as a change)."""
    if case.lock is None:
        return case, []
    change = FieldChange(field=LOCK_FIELD, old=case.lock.holder_name, new=None)
    return case.model_copy(update={"lock": None, "version": case.next_version()}), [change]


def release_expired_lock(case: Case, *, now: datetime) -> tuple[Case, list[FieldChange]]:
    """What the lock-expiry timer does: remove a lock past its expiry; one still in force stays."""
    if case.lock is None or lock_in_force(case.lock, now=now):
        return case, []
    return release_lock(case)


def display_time(moment: datetime) -> str:
    """A time as officers read it: Swedish local time, to the minute."""
    return moment.astimezone(DISPLAY_ZONE).strftime("%Y-%m-%d kl. %H:%M")


def _extended(case: Case, current: CaseLock, *, now: datetime, expiry: timedelta) -> Case:
    expires_at = max(current.expires_at, now + expiry)
    if expires_at == current.expires_at:
        return case
    # The version stays: extending a lock changes nothing the card or the inbox view shows.
    return case.model_copy(update={"lock": current.model_copy(update={"expires_at": expires_at})})
