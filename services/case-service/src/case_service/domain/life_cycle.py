"""Closing (CASE-27) and reopening (CASE-28) a case; no I/O.

Every path that closes a case goes through `close_case`: the officer rule (CASE-23), the
specialist group's feedback (INB-06), the confirmations the system settings ask for, then the
closing date and the deletion of the internal notes. Every path that takes a case out of
"closed" goes through `reopen_case`, which records why (`reopen_reason`) so the event log keeps
the decision. A reopening can be scheduled; a customer's reply reopens a recently closed case
by itself, and one that comes later starts a new case related to the old one.
"""

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum

from arendo_contracts.events.case import (
    CaseClosedV1,
    CaseReopenedV1,
    CaseUpdatedV1,
    FieldChange,
    ReopenReason,
)
from arendo_contracts.events.registers import SystemSettingsValues
from arendo_contracts.vocabulary import CaseStatus, Channel
from arendo_kit.errors import Conflict, Forbidden, InvalidInput, NotFound
from case_service.domain.alerts import raise_alert
from case_service.domain.case import Case, ScheduledReopen, register_case
from case_service.domain.labels import STATUS_LABELS
from case_service.domain.lock import display_time, refuse_if_locked_by_other
from case_service.domain.notes import delete_all_notes
from case_service.domain.relation_values import AlertKind
from case_service.domain.relations import claim_as_sub, index_sub_cases

SYSTEM_ACTOR = "system"
SCHEDULED_MESSAGE = "Schemalagd återöppning"
MAX_REOPEN_NOTE = 500
# A reopening further ahead than this is a typing error, not a plan.
REOPEN_HORIZON_YEARS = 5
REOPEN_HORIZON = timedelta(days=365 * REOPEN_HORIZON_YEARS + 2)
# Namespace of the ids of cases started by a customer's late reply: the id follows from the
# reply event's id, so a redelivered reply finds the case it already started.
REPLY_CASE_NAMESPACE = uuid.UUID("6f1f6d1e-0c55-4b38-9a0e-2f5b1c0e7a31")


class ConfirmationRequired(Conflict):
    """The system settings ask the officer to confirm a closing (CASE-27)."""


class UnansweredCustomer(Conflict):
    """The customer wants an answer and has none; the officer must close it anyway on purpose."""


class FeedbackRequired(Conflict):
    """A specialist group must give its feedback (return the case) instead of closing it (INB-06)."""


class SubCasesUnanswered(Conflict):
    """The closing must say whether the open sub-cases are closed too."""


# --- closing ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CloseChecks:
    """What the system settings make the close dialog ask (CASE-27); none by default, for paths
    where the officer's own choice already is the confirmation (quick registration, relating)."""

    confirm: bool = False
    warn_unanswered: bool = False
    offer_sub_cases: bool = False

    @classmethod
    def of(cls, settings: SystemSettingsValues) -> "CloseChecks":
        return cls(
            confirm=settings.confirm_on_close,
            warn_unanswered=settings.warn_unanswered_on_close,
            offer_sub_cases=settings.offer_close_subcases,
        )


@dataclass(frozen=True)
class CloseConsent:
    """What the officer answered in the close dialog."""

    confirmed: bool = False
    close_unanswered: bool = False


def check_officer_rule(case: Case, *, by_id: str) -> None:
    """CASE-23: only the case's officer, or anyone while it has none."""
    if case.officer_id is not None and case.officer_id != by_id:
        raise Forbidden(f"Bara ärendets handläggare ({case.officer_name}) kan ändra status", field="status")


def check_closable(case: Case, *, by_id: str) -> None:
    check_officer_rule(case, by_id=by_id)
    if case.feedback_required:
        raise FeedbackRequired(
            "Ärendet kräver återkoppling: återför det till kundtjänst i stället för att avsluta", field="status"
        )


def unanswered(case: Case) -> bool:
    """The customer wants an answer and has not been answered."""
    return case.customer_wants_answer and not case.customer_answered


def close_case(
    case: Case,
    *,
    by_id: str,
    now: datetime,
    checks: CloseChecks = CloseChecks(),
    consent: CloseConsent = CloseConsent(),
) -> tuple[Case, list[FieldChange]]:
    """Close the case: status closed, closing date now, internal notes deleted (with their files);
    deeds and service notes stay. A case already closed stays as it is."""
    check_closable(case, by_id=by_id)
    if case.status is CaseStatus.CLOSED:
        return case, []
    if checks.confirm and not consent.confirmed:
        raise ConfirmationRequired(f"Bekräfta att ärendet {case.number} ska avslutas", field="confirmed")
    if checks.warn_unanswered and unanswered(case) and not consent.close_unanswered:
        raise UnansweredCustomer(
            f"Kunden önskar svar på ärendet {case.number} men har inte fått något svar; "
            "bekräfta att det ska avslutas ändå",
            field="close_unanswered",
        )
    without_notes, note_changes = delete_all_notes(case)
    changes = [
        FieldChange(field="status", old=case.status.value, new=CaseStatus.CLOSED.value),
        FieldChange(field="closed_at", old=None, new=now.isoformat()),
        *note_changes,
    ]
    closed = without_notes.model_copy(
        update={"status": CaseStatus.CLOSED, "closed_at": now, "scheduled_reopen": None, "version": case.next_version()}
    )
    return closed, changes


def open_sub_cases(case: Case, candidates: Iterable[Case]) -> list[Case]:
    """The case's sub-cases that are not closed, in the order the relations tab lists them. A
    sub-case counts only while it also names this case as its main case (a whole relation)."""
    by_id = {other.id: other for other in candidates}
    found = (by_id.get(relation.case_id) for relation in case.sub_cases)
    return [
        sub for sub in found if sub is not None and sub.main_case_id == case.id and sub.status is not CaseStatus.CLOSED
    ]


def check_sub_case_answer(open_subs: Sequence[Case], *, checks: CloseChecks, close_sub_cases: bool | None) -> None:
    """With the setting on, a closing with open sub-cases must say whether they close too."""
    if checks.offer_sub_cases and open_subs and close_sub_cases is None:
        numbers = ", ".join(sub.number for sub in open_subs)
        raise SubCasesUnanswered(
            f"Ärendet har öppna underärenden ({numbers}); ange om de ska avslutas också", field="close_sub_cases"
        )


@dataclass(frozen=True)
class SubCaseToClose:
    case_id: str
    number: str
    title: str
    status: CaseStatus
    unanswered_warning: bool


@dataclass(frozen=True)
class ClosingQuestions:
    """What the close dialog must ask before the case can be closed, or why it cannot be."""

    closable: bool
    refusal: str | None
    confirm_required: bool
    unanswered_warning: bool
    offer_sub_cases: bool
    open_sub_cases: tuple[SubCaseToClose, ...]
    notes_to_delete: int


def closing_questions(
    case: Case, *, by_id: str, checks: CloseChecks, open_subs: Sequence[Case], now: datetime
) -> ClosingQuestions:
    refusal: str | None = None
    if case.status is CaseStatus.CLOSED:
        refusal = f"Ärendet {case.number} är redan avslutat"
    else:
        try:
            refuse_if_locked_by_other(case, user_id=by_id, now=now)
            check_closable(case, by_id=by_id)
        except (Forbidden, Conflict) as error:
            refusal = error.detail
    subs = tuple(
        SubCaseToClose(
            case_id=sub.id,
            number=sub.number,
            title=sub.title,
            status=sub.status,
            unanswered_warning=checks.warn_unanswered and unanswered(sub),
        )
        for sub in open_subs
    )
    return ClosingQuestions(
        closable=refusal is None,
        refusal=refusal,
        confirm_required=checks.confirm,
        unanswered_warning=checks.warn_unanswered and unanswered(case),
        offer_sub_cases=checks.offer_sub_cases and bool(subs),
        open_sub_cases=subs,
        notes_to_delete=len(case.notes),
    )


def refuse_closed_again(case: Case) -> None:
    """The close dialog on a case someone else closed meanwhile."""
    if case.status is CaseStatus.CLOSED:
        raise Conflict(f"Ärendet {case.number} är redan avslutat", field="status")


# --- reopening ----------------------------------------------------------------------------------


def reopen_text(reason: ReopenReason, *, note: str | None = None, days: int | None = None) -> str:
    """Why the case was reopened, as the event log shows it."""
    match reason:
        case ReopenReason.MANUAL:
            text = "Återöppnat manuellt"
        case ReopenReason.SCHEDULED:
            text = SCHEDULED_MESSAGE
        case ReopenReason.CUSTOMER_REPLY:
            text = f"Kundsvar inom {_days(days or 0)} efter avslut"
    return f"{text}: {note}" if note else text


def clean_note(note: str | None, *, field: str = "reason") -> str:
    text = " ".join((note or "").split())
    if len(text) > MAX_REOPEN_NOTE:
        raise InvalidInput(f"Orsaken får vara högst {MAX_REOPEN_NOTE} tecken", field=field)
    return text


def reopen_case(
    case: Case, *, reason_text: str, status: CaseStatus = CaseStatus.REOPENED
) -> tuple[Case, list[FieldChange]]:
    """Take a closed case out of "closed" (status reopened unless another is chosen): the closing
    date is cleared, a scheduled reopening is dropped, and the reason is recorded."""
    if case.status is not CaseStatus.CLOSED:
        raise Conflict(f"Ärendet {case.number} är inte avslutat och kan inte återöppnas", field="status")
    if status is CaseStatus.CLOSED:
        raise InvalidInput("Ett återöppnat ärende kan inte ha status avslutat", field="status")
    changes = [
        FieldChange(field="status", old=case.status.value, new=status.value),
        FieldChange(field="closed_at", old=_iso(case.closed_at), new=None),
    ]
    if case.scheduled_reopen is not None:
        changes.append(FieldChange(field="scheduled_reopen", old=case.scheduled_reopen.at.isoformat(), new=None))
    changes.append(FieldChange(field="reopen_reason", old=None, new=reason_text))
    reopened = case.model_copy(
        update={"status": status, "closed_at": None, "scheduled_reopen": None, "version": case.next_version()}
    )
    return reopened, changes


def reopen_manually(
    case: Case, *, by_id: str, note: str | None = None, status: CaseStatus = CaseStatus.REOPENED
) -> tuple[Case, list[FieldChange]]:
    """An officer reopens the case (from case search, or by setting another status), under the
    officer rule of status changes."""
    check_officer_rule(case, by_id=by_id)
    text = reopen_text(ReopenReason.MANUAL, note=clean_note(note) or None)
    if status is not CaseStatus.REOPENED and not note:
        text = f"{text} (status {STATUS_LABELS.get(status, status.value)})"
    return reopen_case(case, reason_text=text, status=status)


def reopen_at(at: datetime | None, *, now: datetime, field: str = "at") -> datetime | None:
    """When to reopen: None for now (no time, or one already passed), else the time, to the second
    (what the store keeps exactly, so the timer and the case agree on it)."""
    if at is None:
        return None
    if at.tzinfo is None:
        raise InvalidInput("Ange tiden med tidszon", field=field)
    if at <= now:
        return None
    if at > now + REOPEN_HORIZON:
        raise InvalidInput(f"Återöppningen kan schemaläggas högst {REOPEN_HORIZON_YEARS} år framåt", field=field)
    return at.astimezone(UTC).replace(microsecond=0)


def schedule_reopen(
    case: Case,
    *,
    at: datetime,
    note: str | None,
    by_id: str,
    by_name: str,
    now: datetime,
    field: str = "reason",
) -> tuple[Case, list[FieldChange]]:
    """Plan a reopening of the closed case at `at` (a future time from `reopen_at`); a new plan
    replaces the one before."""
    check_officer_rule(case, by_id=by_id)
    if case.status is not CaseStatus.CLOSED:
        raise Conflict(
            f"Ärendet {case.number} är inte avslutat; bara ett avslutat ärende kan återöppnas", field="status"
        )
    text = clean_note(note, field=field)
    current = case.scheduled_reopen
    if current is not None and current.at == at and current.reason == text:
        return case, []
    plan = ScheduledReopen(at=at, reason=text, by_id=by_id, by_name=by_name, scheduled_at=now)
    changes = [FieldChange(field="scheduled_reopen", old=_iso(current.at if current else None), new=at.isoformat())]
    return case.model_copy(update={"scheduled_reopen": plan, "version": case.next_version()}), changes


def cancel_scheduled_reopen(case: Case, *, by_id: str) -> tuple[Case, list[FieldChange]]:
    check_officer_rule(case, by_id=by_id)
    if case.scheduled_reopen is None:
        raise NotFound(f"Ingen återöppning är schemalagd för ärendet {case.number}")
    changes = [FieldChange(field="scheduled_reopen", old=case.scheduled_reopen.at.isoformat(), new=None)]
    return case.model_copy(update={"scheduled_reopen": None, "version": case.next_version()}), changes


class TimerAction(StrEnum):
    REOPEN = "reopen"
    MOVE = "move"  # the case's plan is another, later one: the timer follows it
    NOTHING = "nothing"


def on_reopen_timer(case: Case | None, *, timer_at: datetime, now: datetime) -> TimerAction:
    """The scheduled-reopen timer fired. It reopens the case it was set for only while that case
    is still closed with a plan that is due (the timer's own, or an earlier one whose timer a
    failed write replaced); a later plan moves the timer; anything else is nothing to do."""
    if case is None or case.status is not CaseStatus.CLOSED or case.scheduled_reopen is None:
        return TimerAction.NOTHING
    planned = case.scheduled_reopen.at
    if planned == timer_at or planned <= now:
        return TimerAction.REOPEN
    return TimerAction.MOVE


def reopen_as_scheduled(case: Case) -> tuple[Case, list[FieldChange]]:
    plan = case.scheduled_reopen
    return reopen_case(case, reason_text=reopen_text(ReopenReason.SCHEDULED, note=plan.reason if plan else None))


# --- a customer's reply to a closed case ------------------------------------------------------------


class ReplyOutcome(StrEnum):
    ALERT = "alert"  # the case is open: the alert only
    ALREADY_HANDLED = "already_handled"  # a redelivered reply that reopened the case before
    REOPEN = "reopen"  # closed within the limit: reopened with alerts
    NEW_CASE = "new_case"  # closed longer ago: a new case related to it


def reply_outcome(case: Case, *, received_at: datetime, auto_reopen_days: int, source_id: str) -> ReplyOutcome:
    """CASE-28: a reply within `auto_reopen_days` days of the closing reopens the case; a later one
    starts a new case. A closed case without a closing date (from before it was kept) reopens. A
    reply that reopened the case once does not reopen it again after it was closed anew."""
    if case.status is not CaseStatus.CLOSED:
        return ReplyOutcome.ALERT
    if source_id in case.alert_sources:
        return ReplyOutcome.ALREADY_HANDLED
    if case.closed_at is None or received_at - case.closed_at <= timedelta(days=max(auto_reopen_days, 0)):
        return ReplyOutcome.REOPEN
    return ReplyOutcome.NEW_CASE


def reopened_alert_message(days: int) -> str:
    return f"Ärendet återöppnades automatiskt: kundsvar inom {_days(days)} efter avslut"


def reopen_on_reply(
    case: Case, *, days: int, reply_message: str, source_id: str, now: datetime
) -> tuple[Case, list[FieldChange]]:
    """In one change: reopened, with the alerts "Kundsvar inkommit" and "Automatiskt återöppnat"."""
    reopened, changes = reopen_case(case, reason_text=reopen_text(ReopenReason.CUSTOMER_REPLY, days=days))
    alerted, alert_changes = raise_alert(
        reopened, AlertKind.CUSTOMER_REPLY_RECEIVED, message=reply_message, source_id=source_id, now=now
    )
    flagged, flag_changes = raise_alert(
        alerted,
        AlertKind.REOPENED_AUTOMATICALLY,
        message=reopened_alert_message(days),
        source_id=f"{source_id}:reopened",
        now=now,
    )
    updated = flagged.model_copy(update={"version": case.next_version()})
    return updated, [*changes, *alert_changes, *flag_changes]


def reply_case_id(event_id: str) -> str:
    return str(uuid.uuid5(REPLY_CASE_NAMESPACE, event_id))


def reply_case_title(old: Case, reply_title: str | None) -> str:
    title = " ".join((reply_title or "").split())
    return title or f"Sv: {old.title}"


def reply_relation_text(old: Case) -> str:
    closed = display_time(old.closed_at) if old.closed_at is not None else "okänt datum"
    return f"Kundsvar efter avslut av ärende {old.number} (avslutat {closed})"


def register_reply_case(
    old: Case,
    *,
    case_id: str,
    number: str,
    channel: Channel,
    title: str | None,
    excerpt: str | None,
    received_at: datetime,
    reply_message: str,
    source_id: str,
    now: datetime,
) -> Case:
    """A reply after the limit: a new case in the old case's inbox (CASE-01 defaults), on the reply's
    channel, with the old case's customer, as a sub-case of the old case, with the alert
    "Kundsvar inkommit". The old case's half of the relation is `relate_reply_case`."""
    relation_text = reply_relation_text(old)
    description = "\n\n".join(part for part in (relation_text, (excerpt or "").strip()) if part)
    case = register_case(
        number=number,
        inbox_id=old.inbox_id,
        registered_by=SYSTEM_ACTOR,
        now=now,
        title=reply_case_title(old, title),
        description=description,
        channel=channel,
        arrived_at=min(received_at, now),
    ).model_copy(update={"id": case_id, "customer": old.customer})
    related, _ = claim_as_sub(case, old, main_ancestors=(), description=relation_text, by_id=SYSTEM_ACTOR, now=now)
    alerted, _ = raise_alert(
        related, AlertKind.CUSTOMER_REPLY_RECEIVED, message=reply_message, source_id=source_id, now=now
    )
    return alerted.model_copy(update={"version": 1})  # a new case, written by insert


def relate_reply_case(old: Case, new: Case, *, now: datetime) -> tuple[Case, list[FieldChange]]:
    """The old case lists the new one among its sub-cases (nothing when it already does)."""
    return index_sub_cases(old, [new], description=reply_relation_text(old), by_id=SYSTEM_ACTOR, now=now)


# --- the event of a change ----------------------------------------------------------------------


def case_event(
    after: Case,
    changes: Sequence[FieldChange],
    *,
    actor: str,
    reason: ReopenReason = ReopenReason.MANUAL,
    message: str | None = None,
    notify_user_ids: Sequence[str] = (),
) -> CaseUpdatedV1:
    """`case.closed.v1` for a change that closed the case, `case.reopened.v1` for one that took it
    out of "closed" (its message the recorded reason unless given), `case.updated.v1` otherwise;
    told apart by the change of status, so every path that closes or reopens publishes the same."""
    summary, recorded = after.summary(), tuple(changes)
    status = next((change for change in changes if change.field == "status"), None)
    if status is not None and status.new == CaseStatus.CLOSED.value and status.old != CaseStatus.CLOSED.value:
        return CaseClosedV1(case=summary, changes=recorded, closed_by=actor)
    if status is not None and status.old == CaseStatus.CLOSED.value and status.new != CaseStatus.CLOSED.value:
        recorded_reason = next((c.new for c in changes if c.field == "reopen_reason"), None)
        return CaseReopenedV1(
            case=summary,
            changes=recorded,
            reason=reason,
            reopened_by=actor,
            message=message if message is not None else recorded_reason or "",
            notify_user_ids=tuple(notify_user_ids),
        )
    return CaseUpdatedV1(case=summary, changes=recorded)


def _days(days: int) -> str:
    return "1 dag" if days == 1 else f"{days} dagar"


def _iso(moment: datetime | None) -> str | None:
    return None if moment is None else moment.isoformat()
