"""Closing (CASE-27) and reopening (CASE-28) a case, without I/O."""

from datetime import UTC, datetime, timedelta

import pytest

from arendo_contracts.events.case import CaseClosedV1, CaseReopenedV1, CaseUpdatedV1, FieldChange, ReopenReason
from arendo_contracts.events.registers import SystemSettingsValues
from arendo_contracts.vocabulary import CaseStatus, Channel
from arendo_kit.errors import Conflict, Forbidden, InvalidInput, NotFound
from case_service.domain.card_fields import CaseLock
from case_service.domain.case import AttachmentRef, Case, Deed, DeedKind, InternalNote, ScheduledReopen, register_case
from case_service.domain.customer import Customer
from case_service.domain.life_cycle import (
    CloseChecks,
    CloseConsent,
    ConfirmationRequired,
    FeedbackRequired,
    ReplyOutcome,
    SubCasesUnanswered,
    TimerAction,
    UnansweredCustomer,
    cancel_scheduled_reopen,
    case_event,
    check_sub_case_answer,
    close_case,
    closing_questions,
    on_reopen_timer,
    open_sub_cases,
    register_reply_case,
    relate_reply_case,
    reopen_as_scheduled,
    reopen_at,
    reopen_manually,
    reopen_on_reply,
    reply_case_id,
    reply_outcome,
    schedule_reopen,
)
from case_service.domain.relation_values import AlertKind, CaseRelation
from case_service.domain.routing import change_status

pytestmark = pytest.mark.unit

NOW = datetime(2026, 11, 28, 10, 0, tzinfo=UTC)
ALL_CHECKS = CloseChecks(confirm=True, warn_unanswered=True, offer_sub_cases=True)


def a_case(number: int = 10, **fields: object) -> Case:
    case = register_case(number=f"2026-{number:06d}", inbox_id="kundtjanst", registered_by="u-anna", now=NOW)
    return case.model_copy(update=fields)


def a_closed_case(**fields: object) -> Case:
    return a_case(status=CaseStatus.CLOSED, closed_at=NOW, **fields)


def a_note(note_id: str, *files: str) -> InternalNote:
    attachments = tuple(
        AttachmentRef(file_id=f, filename=f"{f}.pdf", content_type="application/pdf", size=10) for f in files
    )
    return InternalNote(
        id=note_id, text="Ring tillbaka", author_id="u-anna", author_name="Anna", at=NOW, attachments=attachments
    )


def a_deed() -> Deed:
    return Deed(
        id="d-1", kind=DeedKind.SERVICE_NOTE, title="Tjänsteanteckning", author_id="u-anna", author_name="Anna", at=NOW
    )


def relation(case: Case) -> CaseRelation:
    return CaseRelation(case_id=case.id, case_number=case.number, related_by="u-anna", related_at=NOW)


# --- closing -----------------------------------------------------------------------------------


def test_the_checks_follow_the_system_settings() -> None:
    assert CloseChecks.of(SystemSettingsValues()) == ALL_CHECKS
    off = SystemSettingsValues(confirm_on_close=False, warn_unanswered_on_close=False, offer_close_subcases=False)
    assert CloseChecks.of(off) == CloseChecks()


def test_closing_sets_the_date_and_deletes_the_notes_but_keeps_the_deeds() -> None:
    case = a_case(notes=(a_note("n-1", "f-1", "f-2"), a_note("n-2")), deeds=(a_deed(),), discarded_files=("f-0",))
    closed, changes = close_case(case, by_id="u-anna", now=NOW, checks=ALL_CHECKS, consent=CloseConsent(confirmed=True))
    assert (closed.status, closed.closed_at, closed.version) == (CaseStatus.CLOSED, NOW, case.version + 1)
    assert closed.notes == ()
    assert closed.discarded_files == ("f-0", "f-1", "f-2")
    assert closed.deeds == case.deeds
    assert [(c.field, c.old, c.new) for c in changes] == [
        ("status", "new", "closed"),
        ("closed_at", None, NOW.isoformat()),
        ("notes", "2", "Anteckningar raderade vid avslut"),
    ]
    assert not closed.summary().flags.has_notes


def test_closing_must_be_confirmed_when_the_setting_says_so() -> None:
    with pytest.raises(ConfirmationRequired) as refused:
        close_case(a_case(), by_id="u-anna", now=NOW, checks=ALL_CHECKS)
    assert refused.value.field == "confirmed"
    assert refused.value.status == 409
    assert "2026-000010" in refused.value.detail
    closed, _ = close_case(a_case(), by_id="u-anna", now=NOW, checks=CloseChecks())
    assert closed.status is CaseStatus.CLOSED


def test_an_unanswered_customer_who_wants_an_answer_is_warned_about() -> None:
    waiting = a_case(customer_wants_answer=True)
    confirmed = CloseConsent(confirmed=True)
    with pytest.raises(UnansweredCustomer) as refused:
        close_case(waiting, by_id="u-anna", now=NOW, checks=ALL_CHECKS, consent=confirmed)
    assert refused.value.field == "close_unanswered"
    assert "önskar svar" in refused.value.detail
    anyway = CloseConsent(confirmed=True, close_unanswered=True)
    assert (
        close_case(waiting, by_id="u-anna", now=NOW, checks=ALL_CHECKS, consent=anyway)[0].status is CaseStatus.CLOSED
    )
    answered = a_case(customer_wants_answer=True, customer_answered=True)
    assert close_case(answered, by_id="u-anna", now=NOW, checks=ALL_CHECKS, consent=confirmed)[1]
    no_warning = CloseChecks(confirm=True)
    assert close_case(waiting, by_id="u-anna", now=NOW, checks=no_warning, consent=confirmed)[1]


def test_the_officer_rule_and_the_feedback_rule_come_first() -> None:
    theirs = a_case(officer_id="u-siv", officer_name="Siv")
    with pytest.raises(Forbidden) as other:
        close_case(theirs, by_id="u-anna", now=NOW, checks=ALL_CHECKS)
    assert "Siv" in other.value.detail
    with pytest.raises(FeedbackRequired) as feedback:
        close_case(a_case(feedback_required=True), by_id="u-anna", now=NOW, consent=CloseConsent(confirmed=True))
    assert feedback.value.field == "status"


def test_a_closed_case_closed_again_is_unchanged() -> None:
    closed = a_closed_case()
    assert close_case(closed, by_id="u-anna", now=NOW + timedelta(1), checks=ALL_CHECKS) == (closed, [])


def test_a_status_change_to_closed_is_the_closing_rule() -> None:
    with pytest.raises(ConfirmationRequired):
        change_status(a_case(), CaseStatus.CLOSED, by_id="u-anna", now=NOW, checks=ALL_CHECKS)
    case = a_case(notes=(a_note("n-1"),))
    closed, changes = change_status(
        case, CaseStatus.CLOSED, by_id="u-anna", now=NOW, checks=ALL_CHECKS, consent=CloseConsent(confirmed=True)
    )
    assert (closed.status, closed.notes) == (CaseStatus.CLOSED, ())
    assert [c.field for c in changes] == ["status", "closed_at", "notes"]


def test_a_status_change_out_of_closed_is_a_manual_reopening() -> None:
    planned = ScheduledReopen(at=NOW + timedelta(days=3), by_id="u-anna", by_name="Anna", scheduled_at=NOW)
    closed = a_closed_case(scheduled_reopen=planned)
    changed, changes = change_status(closed, CaseStatus.IN_PROGRESS, by_id="u-anna", now=NOW)
    assert (changed.status, changed.closed_at, changed.scheduled_reopen) == (CaseStatus.IN_PROGRESS, None, None)
    assert [(c.field, c.new) for c in changes] == [
        ("status", "in_progress"),
        ("closed_at", None),
        ("scheduled_reopen", None),
        ("reopen_reason", "Återöppnat manuellt (status Pågående)"),
    ]


# --- sub-cases and the close dialog -------------------------------------------------------------


def test_open_sub_cases_are_those_of_a_whole_relation_not_closed() -> None:
    main = a_case(1)
    open_sub = a_case(2, title="Öppet")
    closed_sub = a_closed_case()
    half = a_case(4)  # listed by the main case but naming no main case
    subs = [
        open_sub.model_copy(update={"main_case": relation(main)}),
        closed_sub.model_copy(update={"id": "closed", "main_case": relation(main)}),
        half,
    ]
    main = main.model_copy(update={"sub_cases": tuple(relation(s) for s in subs)})
    assert [s.number for s in open_sub_cases(main, subs)] == ["2026-000002"]


def test_open_sub_cases_need_an_answer_when_the_setting_offers_to_close_them() -> None:
    subs = [a_case(2), a_case(3)]
    with pytest.raises(SubCasesUnanswered) as refused:
        check_sub_case_answer(subs, checks=ALL_CHECKS, close_sub_cases=None)
    assert refused.value.field == "close_sub_cases"
    assert "2026-000002, 2026-000003" in refused.value.detail
    check_sub_case_answer(subs, checks=ALL_CHECKS, close_sub_cases=False)
    check_sub_case_answer(subs, checks=CloseChecks(), close_sub_cases=None)
    check_sub_case_answer([], checks=ALL_CHECKS, close_sub_cases=None)


def test_the_close_dialog_says_what_it_will_ask() -> None:
    case = a_case(customer_wants_answer=True, notes=(a_note("n-1"), a_note("n-2")))
    sub = a_case(2, customer_wants_answer=True)
    questions = closing_questions(case, by_id="u-anna", checks=ALL_CHECKS, open_subs=[sub], now=NOW)
    assert (questions.closable, questions.refusal) == (True, None)
    assert (questions.confirm_required, questions.unanswered_warning, questions.offer_sub_cases) == (True, True, True)
    assert questions.notes_to_delete == 2
    assert [(s.number, s.unanswered_warning) for s in questions.open_sub_cases] == [("2026-000002", True)]
    theirs = closing_questions(
        a_case(officer_id="u-siv", officer_name="Siv"), by_id="u-anna", checks=CloseChecks(), open_subs=[], now=NOW
    )
    assert not theirs.closable
    assert theirs.refusal is not None
    assert "Siv" in theirs.refusal
    lock = CaseLock(holder_id="u-carl", holder_name="Carl", since=NOW, expires_at=NOW + timedelta(minutes=30))
    locked = closing_questions(a_case(lock=lock), by_id="u-anna", checks=CloseChecks(), open_subs=[], now=NOW)
    assert locked.refusal is not None
    assert locked.refusal.startswith("Ärendet är låst av Carl")
    assert not closing_questions(a_closed_case(), by_id="u-anna", checks=CloseChecks(), open_subs=[], now=NOW).closable


# --- reopening ------------------------------------------------------------------------------------


def test_a_manual_reopening_records_the_reason() -> None:
    closed = a_closed_case()
    reopened, changes = reopen_manually(closed, by_id="u-anna", note="  Kunden   ringde igen ")
    assert (reopened.status, reopened.closed_at, reopened.version) == (CaseStatus.REOPENED, None, closed.version + 1)
    assert [(c.field, c.old, c.new) for c in changes] == [
        ("status", "closed", "reopened"),
        ("closed_at", NOW.isoformat(), None),
        ("reopen_reason", None, "Återöppnat manuellt: Kunden ringde igen"),
    ]
    assert reopen_manually(closed, by_id="u-anna")[1][-1].new == "Återöppnat manuellt"


def test_only_a_closed_case_is_reopened_and_only_by_its_officer() -> None:
    with pytest.raises(Conflict) as open_case:
        reopen_manually(a_case(), by_id="u-anna")
    assert open_case.value.field == "status"
    with pytest.raises(Forbidden):
        reopen_manually(a_closed_case(officer_id="u-siv", officer_name="Siv"), by_id="u-anna")
    with pytest.raises(InvalidInput) as long_reason:
        reopen_manually(a_closed_case(), by_id="u-anna", note="x" * 501)
    assert long_reason.value.field == "reason"


def test_when_to_reopen() -> None:
    assert reopen_at(None, now=NOW) is None
    assert reopen_at(NOW - timedelta(hours=1), now=NOW) is None  # passed: now
    later = NOW + timedelta(days=2, microseconds=123_456)
    assert reopen_at(later, now=NOW) == NOW + timedelta(days=2)
    assert reopen_at(NOW + timedelta(days=365 * 5), now=NOW) is not None
    with pytest.raises(InvalidInput) as too_late:
        reopen_at(NOW + timedelta(days=365 * 6), now=NOW)
    assert too_late.value.field == "at"
    with pytest.raises(InvalidInput) as naive:
        reopen_at(datetime(2026, 12, 1, 8, 0), now=NOW, field="reopen_at")
    assert naive.value.field == "reopen_at"


def test_a_reopening_is_planned_moved_and_cancelled() -> None:
    closed = a_closed_case()
    at = NOW + timedelta(days=7)
    planned, changes = schedule_reopen(closed, at=at, note="Följ upp", by_id="u-anna", by_name="Anna", now=NOW)
    assert planned.scheduled_reopen == ScheduledReopen(
        at=at, reason="Följ upp", by_id="u-anna", by_name="Anna", scheduled_at=NOW
    )
    assert (planned.status, planned.version) == (CaseStatus.CLOSED, closed.version + 1)
    assert [(c.field, c.old, c.new) for c in changes] == [("scheduled_reopen", None, at.isoformat())]
    again = schedule_reopen(planned, at=at, note="Följ upp", by_id="u-anna", by_name="Anna", now=NOW)
    assert again == (planned, [])
    moved, changes = schedule_reopen(planned, at=at + timedelta(1), note=None, by_id="u-anna", by_name="Anna", now=NOW)
    assert [(c.old, c.new) for c in changes] == [(at.isoformat(), (at + timedelta(1)).isoformat())]
    cancelled, changes = cancel_scheduled_reopen(moved, by_id="u-anna")
    assert cancelled.scheduled_reopen is None
    assert [(c.field, c.new) for c in changes] == [("scheduled_reopen", None)]
    with pytest.raises(NotFound):
        cancel_scheduled_reopen(cancelled, by_id="u-anna")
    with pytest.raises(Conflict):
        schedule_reopen(a_case(), at=at, note=None, by_id="u-anna", by_name="Anna", now=NOW)
    with pytest.raises(Forbidden):
        schedule_reopen(
            a_closed_case(officer_id="u-siv", officer_name="Siv"),
            at=at,
            note=None,
            by_id="u-anna",
            by_name="A",
            now=NOW,
        )


def test_the_timer_reopens_only_a_case_still_closed_with_its_plan() -> None:
    at = NOW + timedelta(days=1)
    plan = ScheduledReopen(at=at, reason="Följ upp", by_id="u-anna", by_name="Anna", scheduled_at=NOW)
    planned = a_closed_case(scheduled_reopen=plan)
    assert on_reopen_timer(planned, timer_at=at, now=at) is TimerAction.REOPEN
    assert on_reopen_timer(None, timer_at=at, now=at) is TimerAction.NOTHING
    assert on_reopen_timer(a_closed_case(), timer_at=at, now=at) is TimerAction.NOTHING  # cancelled
    reopened = planned.model_copy(update={"status": CaseStatus.REOPENED})
    assert on_reopen_timer(reopened, timer_at=at, now=at) is TimerAction.NOTHING
    # A later plan replaced this one (its timer write was lost): the timer follows the plan.
    assert on_reopen_timer(planned, timer_at=at - timedelta(hours=1), now=at - timedelta(hours=1)) is TimerAction.MOVE
    case, changes = reopen_as_scheduled(planned)
    assert (case.status, case.scheduled_reopen) == (CaseStatus.REOPENED, None)
    assert ("reopen_reason", "Schemalagd återöppning: Följ upp") in [(c.field, c.new) for c in changes]


# --- a customer's reply to a closed case ---------------------------------------------------------


def test_a_reply_within_the_limit_reopens_after_it_starts_a_new_case() -> None:
    closed = a_closed_case()
    within = NOW + timedelta(days=30)
    assert reply_outcome(closed, received_at=within, auto_reopen_days=30, source_id="ev") is ReplyOutcome.REOPEN
    late = within + timedelta(seconds=1)
    assert reply_outcome(closed, received_at=late, auto_reopen_days=30, source_id="ev") is ReplyOutcome.NEW_CASE
    assert reply_outcome(closed, received_at=NOW + timedelta(minutes=1), auto_reopen_days=0, source_id="ev") is (
        ReplyOutcome.NEW_CASE
    )
    assert reply_outcome(a_case(), received_at=late, auto_reopen_days=30, source_id="ev") is ReplyOutcome.ALERT
    handled = closed.model_copy(update={"alert_sources": ("ev",)})
    assert (
        reply_outcome(handled, received_at=within, auto_reopen_days=30, source_id="ev") is ReplyOutcome.ALREADY_HANDLED
    )


def test_a_reply_within_the_limit_reopens_with_two_alerts_in_one_step() -> None:
    closed = a_closed_case(officer_id="u-siv", officer_name="Siv")
    reopened, changes = reopen_on_reply(
        closed, days=30, reply_message="Kundsvar inkommit via E-post", source_id="ev", now=NOW
    )
    assert (reopened.status, reopened.closed_at, reopened.version) == (CaseStatus.REOPENED, None, closed.version + 1)
    assert [a.kind for a in reopened.alerts] == [AlertKind.CUSTOMER_REPLY_RECEIVED, AlertKind.REOPENED_AUTOMATICALLY]
    assert [(c.field, c.new) for c in changes] == [
        ("status", "reopened"),
        ("closed_at", None),
        ("reopen_reason", "Kundsvar inom 30 dagar efter avslut"),
        ("alert", "Kundsvar inkommit"),
        ("alert", "Automatiskt återöppnat"),
    ]
    assert reopen_on_reply(closed, days=1, reply_message="x", source_id="ev", now=NOW)[1][2].new == (
        "Kundsvar inom 1 dag efter avslut"
    )


def test_a_late_reply_starts_a_related_case_with_the_old_customer() -> None:
    customer = Customer(first_name="Karin", last_name="Karlsson", email="karin@example.se")
    old = a_closed_case(title="Gatlykta", customer=customer, officer_id="u-siv", officer_name="Siv")
    new_id = reply_case_id("ev-1")
    assert new_id == reply_case_id("ev-1") != reply_case_id("ev-2")
    received = NOW + timedelta(days=40)
    new = register_reply_case(
        old,
        case_id=new_id,
        number="2026-000099",
        channel=Channel.EMAIL,
        title=None,
        excerpt="Lampan lyser fortfarande inte",
        received_at=received,
        reply_message="Kundsvar inkommit via E-post",
        source_id="ev-1",
        now=received + timedelta(seconds=5),
    )
    assert (new.id, new.number, new.version, new.inbox_id) == (new_id, "2026-000099", 1, "kundtjanst")
    assert (new.title, new.channel, new.status, new.officer_id) == ("Sv: Gatlykta", Channel.EMAIL, CaseStatus.NEW, None)
    assert new.customer == customer
    assert new.arrived_at == received
    assert new.main_case is not None
    assert new.main_case.case_id == old.id
    assert [a.kind for a in new.alerts] == [AlertKind.CUSTOMER_REPLY_RECEIVED]
    assert "Lampan lyser fortfarande inte" in new.description
    titled = register_reply_case(
        old,
        case_id=new_id,
        number="2026-000099",
        channel=Channel.SMS,
        title=" Ny   fråga ",
        excerpt=None,
        received_at=received,
        reply_message="x",
        source_id="ev-1",
        now=received,
    )
    assert titled.title == "Ny fråga"

    related, changes = relate_reply_case(old, new, now=received)
    assert (related.sub_case_ids, related.status, related.version) == ((new_id,), CaseStatus.CLOSED, old.version + 1)
    assert [(c.field, c.new) for c in changes] == [("sub_case", "2026-000099")]
    assert relate_reply_case(related, new, now=received) == (related, [])


# --- the event of a change -----------------------------------------------------------------------


def test_the_event_says_whether_the_change_closed_or_reopened_the_case() -> None:
    case = a_case()
    closed, changes = close_case(case, by_id="u-anna", now=NOW)
    closing = case_event(closed, changes, actor="u-anna")
    assert isinstance(closing, CaseClosedV1)
    assert (closing.closed_by, closing.case.closed_at, closing.changes[0].new) == ("u-anna", NOW, "closed")
    reopened, changes = reopen_manually(closed, by_id="u-anna", note="Fel avslut")
    reopening = case_event(reopened, changes, actor="u-anna")
    assert isinstance(reopening, CaseReopenedV1)
    assert (reopening.reason, reopening.message, reopening.notify_user_ids) == (
        ReopenReason.MANUAL,
        "Återöppnat manuellt: Fel avslut",
        (),
    )
    by_reply = case_event(
        reopened,
        changes,
        actor="system",
        reason=ReopenReason.CUSTOMER_REPLY,
        message="m",
        notify_user_ids=["u-siv"],
    )
    assert isinstance(by_reply, CaseReopenedV1)
    assert (by_reply.reason, by_reply.message, by_reply.notify_user_ids) == (
        ReopenReason.CUSTOMER_REPLY,
        "m",
        ("u-siv",),
    )
    retitled = FieldChange(field="title", old=case.title, new="Ny")
    other = case_event(case.model_copy(update={"title": "Ny"}), [retitled], actor="u-anna")
    assert type(other) is CaseUpdatedV1
