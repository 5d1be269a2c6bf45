"""Locking a case (CASE-26) without I/O: the clock is passed in."""

from datetime import UTC, datetime, timedelta

import pytest

from arendo_kit.errors import Conflict
from case_service.domain.case import Case, register_case
from case_service.domain.lock import (
    CaseLocked,
    LockNotHeld,
    acquire_lock,
    display_time,
    heartbeat,
    held_by_other,
    lock_in_force,
    refuse_if_locked_by_other,
    release_expired_lock,
    release_lock,
)

pytestmark = pytest.mark.unit

NOW = datetime(2026, 11, 28, 9, 15, tzinfo=UTC)  # 10:15 in Stockholm
EXPIRY = timedelta(minutes=30)


def a_case() -> Case:
    return register_case(number="2026-000010", inbox_id="kundtjanst", registered_by="u-anna", now=NOW)


def locked_by_anna(at: datetime = NOW) -> Case:
    locked, _ = acquire_lock(a_case(), by_id="u-anna", by_name="Anna Andersson", now=at, expiry=EXPIRY)
    return locked


def test_opening_a_free_case_locks_it_as_a_change() -> None:
    case = a_case()
    locked, changes = acquire_lock(case, by_id="u-anna", by_name="Anna Andersson", now=NOW, expiry=EXPIRY)
    assert locked.lock is not None
    assert (locked.lock.holder_id, locked.lock.since, locked.lock.expires_at) == ("u-anna", NOW, NOW + EXPIRY)
    assert locked.version == case.version + 1
    assert [(c.field, c.old, c.new) for c in changes] == [("locked_by", None, "Anna Andersson")]
    assert locked.summary().flags.locked


def test_another_officer_is_refused_naming_who_and_since_when() -> None:
    case = locked_by_anna()
    with pytest.raises(CaseLocked) as refused:
        acquire_lock(case, by_id="u-bo", by_name="Bo Ek", now=NOW + timedelta(minutes=5), expiry=EXPIRY)
    assert isinstance(refused.value, Conflict)
    assert refused.value.detail == "Ärendet är låst av Anna Andersson sedan 2026-11-28 kl. 10:15"
    with pytest.raises(CaseLocked):
        refuse_if_locked_by_other(case, user_id="u-bo", now=NOW + timedelta(minutes=29))
    refuse_if_locked_by_other(case, user_id="u-anna", now=NOW)  # the holder may change it
    refuse_if_locked_by_other(a_case(), user_id="u-bo", now=NOW)  # so may anyone an unlocked case


def test_a_lock_past_its_expiry_counts_as_free() -> None:
    case = locked_by_anna()
    assert lock_in_force(case.lock, now=NOW + EXPIRY - timedelta(milliseconds=1))
    assert not lock_in_force(case.lock, now=NOW + EXPIRY)
    assert not lock_in_force(None, now=NOW)
    later = NOW + EXPIRY + timedelta(minutes=1)
    assert held_by_other(case, user_id="u-bo", now=later) is None
    refuse_if_locked_by_other(case, user_id="u-bo", now=later)
    taken, changes = acquire_lock(case, by_id="u-bo", by_name="Bo Ek", now=later, expiry=EXPIRY)
    assert taken.lock is not None
    assert taken.lock.holder_id == "u-bo"
    assert [(c.field, c.old, c.new) for c in changes] == [("locked_by", "Anna Andersson", "Bo Ek")]


def test_the_holder_opening_again_or_a_heartbeat_extends_without_a_new_version() -> None:
    case = locked_by_anna()
    later = NOW + timedelta(minutes=10)
    again, changes = acquire_lock(case, by_id="u-anna", by_name="Anna Andersson", now=later, expiry=EXPIRY)
    assert changes == []
    assert again.version == case.version
    assert again.lock is not None
    assert again.lock.expires_at == later + EXPIRY
    assert again.lock.since == NOW
    kept = heartbeat(again, by_id="u-anna", now=later + timedelta(minutes=10), expiry=EXPIRY)
    assert kept.lock is not None
    assert kept.lock.expires_at == later + timedelta(minutes=10) + EXPIRY
    assert kept.version == case.version
    # A heartbeat never shortens a lock (the setting may have been lowered).
    assert heartbeat(kept, by_id="u-anna", now=later, expiry=timedelta(minutes=1)) is kept


def test_an_expired_lock_nobody_took_is_extended_by_its_holder() -> None:
    case = locked_by_anna()
    much_later = NOW + timedelta(hours=2)
    kept = heartbeat(case, by_id="u-anna", now=much_later, expiry=EXPIRY)
    assert kept.lock is not None
    assert lock_in_force(kept.lock, now=much_later)


def test_a_heartbeat_without_the_lock_is_refused() -> None:
    with pytest.raises(LockNotHeld):
        heartbeat(a_case(), by_id="u-anna", now=NOW, expiry=EXPIRY)
    with pytest.raises(LockNotHeld):
        heartbeat(locked_by_anna(), by_id="u-bo", now=NOW, expiry=EXPIRY)


def test_anyone_may_unlock_and_it_is_recorded() -> None:
    case = locked_by_anna()
    released, changes = release_lock(case)
    assert released.lock is None
    assert released.version == case.version + 1
    assert [(c.field, c.old, c.new) for c in changes] == [("locked_by", "Anna Andersson", None)]
    assert not released.summary().flags.locked
    assert release_lock(released) == (released, [])


def test_the_expiry_timer_releases_only_an_expired_lock() -> None:
    case = locked_by_anna()
    assert release_expired_lock(case, now=NOW + timedelta(minutes=29)) == (case, [])
    released, changes = release_expired_lock(case, now=NOW + EXPIRY)
    assert released.lock is None
    assert len(changes) == 1
    unlocked = a_case()
    assert release_expired_lock(unlocked, now=NOW) == (unlocked, [])  # no lock: nothing to do


def test_the_summary_names_the_holder_and_since_when_as_long_as_the_lock_is_on_the_case() -> None:
    case = locked_by_anna()
    summary = case.summary()
    assert summary.flags.locked
    assert summary.lock is not None
    assert (summary.lock.locked_by, summary.lock.locked_by_name) == ("u-anna", "Anna Andersson")
    assert (summary.lock.locked_at, summary.lock.expires_at) == (NOW, NOW + EXPIRY)
    # Past its expiry but not yet released by the timer, the summary still says what flags.locked says:
    # the summary has no clock; the timer's release publishes the change.
    assert case.summary().lock == summary.lock
    released, _ = release_expired_lock(case, now=NOW + EXPIRY)
    assert released.summary().lock is None
    assert not released.summary().flags.locked
    assert a_case().summary().lock is None


def test_the_summary_follows_the_lock_to_its_next_holder() -> None:
    later = NOW + EXPIRY + timedelta(minutes=1)
    taken, _ = acquire_lock(locked_by_anna(), by_id="u-bo", by_name="Bo Ek", now=later, expiry=EXPIRY)
    lock = taken.summary().lock
    assert lock is not None
    assert (lock.locked_by, lock.locked_by_name, lock.locked_at) == ("u-bo", "Bo Ek", later)


def test_display_time_is_swedish_local_time() -> None:
    assert display_time(datetime(2026, 7, 1, 6, 5, tzinfo=UTC)) == "2026-07-01 kl. 08:05"  # summer time
