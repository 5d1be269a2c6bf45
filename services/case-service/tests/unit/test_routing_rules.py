"""Distribution, return to customer service, officer history and status rules, without I/O."""

from datetime import UTC, datetime, timedelta

import pytest

from arendo_contracts.events.distribution import CaseDistribution
from arendo_contracts.vocabulary import CaseStatus
from arendo_kit.errors import Conflict, Forbidden
from case_service.domain.case import Case, register_case
from case_service.domain.routing import (
    DISTRIBUTION_NOTE_TITLE,
    StaleDistribution,
    already_applied,
    apply_distribution,
    change_status,
    return_to_customer_service,
)

pytestmark = pytest.mark.unit

NOW = datetime(2026, 11, 28, 10, 0, tzinfo=UTC)


def a_case() -> Case:
    return register_case(number="2026-000010", inbox_id="kundtjanst", registered_by="u-anna", now=NOW)


def distribution(**changes: object) -> CaseDistribution:
    fields: dict[str, object] = dict(
        distribution_id="d-1",
        case_id="c",
        case_number="2026-000010",
        from_inbox_id="kundtjanst",
        to_inbox_id="bygglov",
        to_inbox_name="Bygglov",
        to_inbox_kind="specialist_group",
        distributed_by="u-anna",
        distributed_by_name="Anna Andersson",
    )
    return CaseDistribution.model_validate({**fields, **changes})


def test_a_distribution_moves_the_case_with_officer_note_and_feedback_requirement() -> None:
    moved, changes = apply_distribution(
        a_case(),
        distribution(officer_id="u-siv", officer_name="Siv Specialist", note="Gäller altan", require_feedback=True),
        now=NOW + timedelta(hours=1),
    )
    assert (moved.inbox_id, moved.officer_id, moved.version) == ("bygglov", "u-siv", 2)
    assert moved.feedback_required
    assert moved.return_inbox_id == "kundtjanst"
    [note] = moved.deeds
    assert (note.title, note.body, note.author_name) == (DISTRIBUTION_NOTE_TITLE, "Gäller altan", "Anna Andersson")
    assert [c.field for c in changes] == ["inbox_id", "officer", "feedback_required"]
    assert moved.officer_history[-1].officer_name == "Siv Specialist"
    assert already_applied(moved, "d-1")


def test_without_an_officer_the_case_has_none_and_without_a_note_no_deed() -> None:
    handled, _ = apply_distribution(a_case(), distribution(officer_id="u-siv", officer_name="Siv"), now=NOW)
    dropped, changes = apply_distribution(
        handled,
        distribution(distribution_id="d-2", from_inbox_id="bygglov", to_inbox_id="ekonomi"),
        now=NOW + timedelta(1),
    )
    assert dropped.officer_id is None
    assert dropped.deeds == ()
    assert dropped.officer_history[0].until == NOW + timedelta(1)
    assert ("officer", "Siv", None) in [(c.field, c.old, c.new) for c in changes]


def test_a_distribution_decided_from_another_inbox_is_stale() -> None:
    with pytest.raises(StaleDistribution):
        apply_distribution(a_case(), distribution(from_inbox_id="ekonomi"), now=NOW)


def test_a_specialist_returns_the_case_and_only_then_it_can_be_closed() -> None:
    moved, _ = apply_distribution(a_case(), distribution(require_feedback=True), now=NOW)
    with pytest.raises(Conflict) as refused:
        change_status(moved, CaseStatus.CLOSED, by_id="u-siv", now=NOW)
    assert refused.value.field == "status"
    back, changes = return_to_customer_service(moved, by_id="u-siv", by_name="Siv", note="Klart från oss", now=NOW)
    assert [c.field for c in changes] == ["inbox_id", "feedback_required"]
    assert (back.inbox_id, back.feedback_required, back.officer_id) == ("kundtjanst", False, None)
    assert back.deeds[-1].title == "Åter till kundtjänst"
    closed, _ = change_status(back, CaseStatus.CLOSED, by_id="u-anna", now=NOW)
    assert (closed.status, closed.closed_at) == (CaseStatus.CLOSED, NOW)


def test_only_a_case_waiting_for_feedback_can_be_returned() -> None:
    with pytest.raises(Conflict):
        return_to_customer_service(a_case(), by_id="u", by_name="U", note=None, now=NOW)


def test_the_officer_rule_for_status_changes() -> None:
    case, _ = apply_distribution(a_case(), distribution(officer_id="u-siv", officer_name="Siv"), now=NOW)
    with pytest.raises(Forbidden):
        change_status(case, CaseStatus.IN_PROGRESS, by_id="u-anna", now=NOW)
    changed, _ = change_status(case, CaseStatus.IN_PROGRESS, by_id="u-siv", now=NOW)
    assert changed.status is CaseStatus.IN_PROGRESS
    unowned, _ = change_status(a_case(), CaseStatus.WAITING, by_id="u-anyone", now=NOW)
    assert unowned.status is CaseStatus.WAITING
