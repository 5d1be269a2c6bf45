"""Alerts (CASE-16) and the reply-time limit that raises one, without I/O."""

from datetime import UTC, datetime, timedelta

import pytest

from arendo_contracts.events.case import FieldChange
from arendo_contracts.vocabulary import CaseStatus, Channel
from arendo_kit.errors import NotFound
from case_service.domain.alerts import (
    ReplyTimeAction,
    customer_reply_message,
    not_answered_message,
    overdue,
    plan_reply_time,
    raise_alert,
    remove_alert,
)
from case_service.domain.case import Case, register_case
from case_service.domain.relation_values import AlertKind

pytestmark = pytest.mark.unit

NOW = datetime(2026, 11, 28, 10, 0, tzinfo=UTC)


def a_case(**fields: object) -> Case:
    case = register_case(number="2026-000010", inbox_id="kundtjanst", registered_by="u-anna", now=NOW)
    return case.model_copy(update=fields)


def test_an_alert_is_raised_once_per_source_and_flags_the_summary() -> None:
    case = a_case()
    assert not case.summary().flags.has_alerts
    raised, changes = raise_alert(
        case, AlertKind.CUSTOMER_REPLY_RECEIVED, message="Kundsvar inkommit via E-post", source_id="ev-1", now=NOW
    )
    assert [(a.kind, a.message) for a in raised.alerts] == [
        (AlertKind.CUSTOMER_REPLY_RECEIVED, "Kundsvar inkommit via E-post")
    ]
    assert raised.version == case.version + 1
    assert raised.summary().flags.has_alerts
    assert [(c.field, c.old, c.new) for c in changes] == [("alert", None, "Kundsvar inkommit")]
    again, changes = raise_alert(raised, AlertKind.CUSTOMER_REPLY_RECEIVED, message="x", source_id="ev-1", now=NOW)
    assert again is raised
    assert changes == []


def test_an_officer_removes_an_alert_and_a_redelivery_does_not_bring_it_back() -> None:
    raised, _ = raise_alert(a_case(), AlertKind.NOT_ANSWERED_IN_TIME, message="", source_id="t-1", now=NOW)
    alert = raised.alerts[0]
    assert alert.message == "Ej besvarat inom utsatt tid"  # an empty message gets the kind's label
    removed, changes = remove_alert(raised, alert.id)
    assert removed.alerts == ()
    assert not removed.summary().flags.has_alerts
    assert [(c.field, c.old, c.new) for c in changes] == [("alert", "Ej besvarat inom utsatt tid", None)]
    assert raise_alert(removed, AlertKind.NOT_ANSWERED_IN_TIME, message="", source_id="t-1", now=NOW)[1] == []
    with pytest.raises(NotFound):
        remove_alert(removed, alert.id)


def test_alert_messages_are_swedish() -> None:
    assert customer_reply_message(channel=Channel.EMAIL, title="Sv: Gatlykta", sender="kund@example.se") == (
        "Kundsvar inkommit via E-post från kund@example.se: Sv: Gatlykta"
    )
    assert customer_reply_message(channel=Channel.SMS, title=None, sender=None) == "Kundsvar inkommit via SMS"
    assert not_answered_message(1) == "Ärendet har inte besvarats inom utsatt tid (1 timme)"
    assert not_answered_message(48) == "Ärendet har inte besvarats inom utsatt tid (48 timmar)"


ARRIVED = NOW - timedelta(hours=3)


def test_a_new_case_in_an_inbox_with_a_limit_starts_the_clock_at_arrival() -> None:
    plan = plan_reply_time(created=True, changes=(), limit_hours=24, arrived_at=ARRIVED, at=NOW)
    assert plan.action is ReplyTimeAction.SCHEDULE
    assert plan.due_at == ARRIVED + timedelta(hours=24)
    assert plan_reply_time(created=True, changes=(), limit_hours=None, arrived_at=ARRIVED, at=NOW).action is (
        ReplyTimeAction.KEEP
    )


def test_a_move_restarts_the_clock_with_the_new_inbox_limit_or_stops_it() -> None:
    moved = [FieldChange(field="inbox_id", old="kundtjanst", new="bygglov")]
    plan = plan_reply_time(created=False, changes=moved, limit_hours=8, arrived_at=ARRIVED, at=NOW)
    assert (plan.action, plan.due_at) == (ReplyTimeAction.SCHEDULE, NOW + timedelta(hours=8))
    plan = plan_reply_time(created=False, changes=moved, limit_hours=None, arrived_at=ARRIVED, at=NOW)
    assert plan.action is ReplyTimeAction.CANCEL


@pytest.mark.parametrize(
    "change",
    [
        FieldChange(field="customer_answered", old="false", new="true"),
        FieldChange(field="status", old="in_progress", new="closed"),
    ],
)
def test_an_answer_or_closing_stops_the_clock(change: FieldChange) -> None:
    plan = plan_reply_time(created=False, changes=[change], limit_hours=8, arrived_at=ARRIVED, at=NOW)
    assert plan.action is ReplyTimeAction.CANCEL


def test_other_changes_leave_the_clock_alone() -> None:
    changes = [FieldChange(field="priority", old="normal", new="urgent")]
    assert plan_reply_time(created=False, changes=changes, limit_hours=8, arrived_at=ARRIVED, at=NOW).action is (
        ReplyTimeAction.KEEP
    )


def test_the_timer_alerts_only_an_open_unanswered_case_still_in_that_inbox() -> None:
    assert overdue(a_case(), inbox_id="kundtjanst")
    assert not overdue(a_case(), inbox_id="bygglov")
    assert not overdue(a_case(customer_answered=True), inbox_id="kundtjanst")
    assert not overdue(a_case(status=CaseStatus.CLOSED), inbox_id="kundtjanst")
