"""Which watch kinds can be set on a case."""

import pytest

from arendo_kit.testing.factories import case_summary
from watch_service.domain.watchable import WatchKind, available_watch_kinds

pytestmark = pytest.mark.unit


def test_every_kind_on_an_open_case_without_officer() -> None:
    assert available_watch_kinds(case_summary()) == list(WatchKind)


def test_officer_not_set_is_pointless_once_there_is_one() -> None:
    assert WatchKind.OFFICER_NOT_SET not in available_watch_kinds(case_summary(officer_id="u-1"))


def test_a_closed_case_only_takes_window_watches_for_what_can_still_happen() -> None:
    assert available_watch_kinds(case_summary(status="closed")) == [
        WatchKind.CUSTOMER_REPLY_RECEIVED,
        WatchKind.CASE_CHANGED,
    ]
