"""Which watch kinds can be set on a case."""

from datetime import UTC, datetime

import pytest

from arendo_contracts.events.case import CaseSummary
from watch_service.domain.watchable import WatchKind, available_watch_kinds

pytestmark = pytest.mark.unit


def summary(**changes: object) -> CaseSummary:
    now = datetime(2026, 1, 1, tzinfo=UTC)
    data = dict(
        case_id="c",
        number="2026-000001",
        title="t",
        status="new",
        priority="normal",
        channel="phone",
        inbox_id="i",
        arrived_at=now,
        registered_at=now,
        version=1,
    )
    return CaseSummary.model_validate({**data, **changes})


def test_every_kind_on_an_open_case_without_officer() -> None:
    assert available_watch_kinds(summary()) == list(WatchKind)


def test_officer_not_set_is_pointless_once_there_is_one() -> None:
    assert WatchKind.OFFICER_NOT_SET not in available_watch_kinds(summary(officer_id="u-1"))


def test_a_closed_case_only_takes_window_watches_for_what_can_still_happen() -> None:
    assert available_watch_kinds(summary(status="closed")) == [
        WatchKind.CUSTOMER_REPLY_RECEIVED,
        WatchKind.CASE_CHANGED,
    ]
