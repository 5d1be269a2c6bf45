"""Where a case is and who handles it: distribution (INB-05..08, decided by the inbox-service),
the return to customer service (INB-06), officer changes and status changes with the officer
rule (CASE-23, CASE-24). No I/O."""

import uuid
from datetime import datetime

from arendo_contracts.events.case import FieldChange
from arendo_contracts.events.distribution import CaseDistribution
from arendo_contracts.vocabulary import CaseStatus
from arendo_kit.errors import Conflict
from case_service.domain.case import Case, Deed, DeedKind, OfficerPeriod
from case_service.domain.life_cycle import CloseChecks, CloseConsent, check_officer_rule, close_case, reopen_manually

DISTRIBUTION_NOTE_TITLE = "Fördelat ärende"
RETURN_NOTE_TITLE = "Åter till kundtjänst"


class StaleDistribution(Conflict):
    """The case left the inbox the distribution was decided from before it arrived here."""


def already_applied(case: Case, source_id: str) -> bool:
    return source_id in case.applied_sources


def apply_distribution(case: Case, distribution: CaseDistribution, *, now: datetime) -> tuple[Case, list[FieldChange]]:
    """Move the case whole: inbox, officer (or none), the note as an internal service note, and
    whether the specialist group must give feedback before the case can be closed."""
    if case.inbox_id != distribution.from_inbox_id:
        raise StaleDistribution(
            f"Ärendet {case.number} har flyttats från {distribution.from_inbox_id} innan fördelningen kom fram"
        )
    changes = [FieldChange(field="inbox_id", old=case.inbox_id, new=distribution.to_inbox_id)]
    moved = _with_officer(case, distribution.officer_id, distribution.officer_name, now=now, changes=changes)
    deeds = moved.deeds
    if distribution.note:
        deeds = (
            *deeds,
            Deed(
                id=str(uuid.uuid4()),
                kind=DeedKind.INTERNAL_SERVICE_NOTE,
                title=DISTRIBUTION_NOTE_TITLE,
                body=distribution.note,
                author_id=distribution.distributed_by,
                author_name=distribution.distributed_by_name,
                at=now,
                source_id=distribution.distribution_id,
            ),
        )
    if distribution.require_feedback != case.feedback_required:
        changes.append(
            FieldChange(
                field="feedback_required", old=_flag(case.feedback_required), new=_flag(distribution.require_feedback)
            )
        )
    updated = moved.model_copy(
        update={
            "inbox_id": distribution.to_inbox_id,
            "deeds": deeds,
            "feedback_required": distribution.require_feedback,
            "return_inbox_id": distribution.from_inbox_id if distribution.require_feedback else None,
            "applied_sources": (*case.applied_sources, distribution.distribution_id)[-50:],
            "version": case.next_version(),
        }
    )
    return updated, changes


def return_to_customer_service(
    case: Case, *, by_id: str, by_name: str, note: str | None, now: datetime
) -> tuple[Case, list[FieldChange]]:
    """INB-06: a specialist group that was asked for feedback hands the case back."""
    if not case.feedback_required or case.return_inbox_id is None:
        raise Conflict("Ärendet väntar inte på återkoppling till kundtjänst", field="feedback_required")
    changes = [
        FieldChange(field="inbox_id", old=case.inbox_id, new=case.return_inbox_id),
        FieldChange(field="feedback_required", old="true", new="false"),
    ]
    back = _with_officer(case, None, None, now=now, changes=changes)
    deed = Deed(
        id=str(uuid.uuid4()),
        kind=DeedKind.INTERNAL_SERVICE_NOTE,
        title=RETURN_NOTE_TITLE,
        body=note or "",
        author_id=by_id,
        author_name=by_name,
        at=now,
    )
    updated = back.model_copy(
        update={
            "inbox_id": case.return_inbox_id,
            "feedback_required": False,
            "return_inbox_id": None,
            "deeds": (*back.deeds, deed),
            "version": case.next_version(),
        }
    )
    return updated, changes


def change_status(
    case: Case,
    status: CaseStatus,
    *,
    by_id: str,
    now: datetime,
    checks: CloseChecks = CloseChecks(),
    consent: CloseConsent = CloseConsent(),
) -> tuple[Case, list[FieldChange]]:
    """CASE-23: only when the case has no officer or the caller is its officer. Closing is the rule
    of CASE-27 (which keeps a case waiting for a specialist group's feedback open, INB-06, and asks
    the confirmations in `checks`); leaving "closed" is a manual reopening (CASE-28)."""
    check_officer_rule(case, by_id=by_id)
    if status is CaseStatus.CLOSED:
        return close_case(case, by_id=by_id, now=now, checks=checks, consent=consent)
    if status is case.status:
        return case, []
    if case.status is CaseStatus.CLOSED:
        return reopen_manually(case, by_id=by_id, status=status)
    changes = [FieldChange(field="status", old=case.status.value, new=status.value)]
    return case.model_copy(update={"status": status, "version": case.next_version()}), changes


def assign_officer(case: Case, *, officer_id: str, officer_name: str, now: datetime) -> tuple[Case, list[FieldChange]]:
    """CASE-24 "Tilldela mig" or another officer (whose eligibility the caller checked); the
    previous officer's period in the history ends now."""
    changes: list[FieldChange] = []
    assigned = _with_officer(case, officer_id, officer_name, now=now, changes=changes)
    if not changes:
        return case, []
    return assigned.model_copy(update={"version": case.next_version()}), changes


def remove_officer(case: Case, *, now: datetime) -> tuple[Case, list[FieldChange]]:
    """CASE-24 "Ta bort": the case has no officer ("Ingen handläggare") from now."""
    changes: list[FieldChange] = []
    removed = _with_officer(case, None, None, now=now, changes=changes)
    if not changes:
        return case, []
    return removed.model_copy(update={"version": case.next_version()}), changes


def _with_officer(
    case: Case, officer_id: str | None, officer_name: str | None, *, now: datetime, changes: list[FieldChange]
) -> Case:
    if officer_id == case.officer_id:
        return case
    history = list(case.officer_history)
    if history and history[-1].until is None:
        history[-1] = history[-1].model_copy(update={"until": now})
    if officer_id is not None and officer_name is not None:
        history.append(OfficerPeriod(officer_id=officer_id, officer_name=officer_name, since=now))
    changes.append(FieldChange(field="officer", old=case.officer_name, new=officer_name))
    return case.model_copy(
        update={"officer_id": officer_id, "officer_name": officer_name, "officer_history": tuple(history)}
    )


def _flag(value: bool) -> str:
    return "true" if value else "false"
