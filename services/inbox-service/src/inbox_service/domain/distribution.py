"""Distribution rules (INB-05..INB-08), free of I/O: what may be distributed where, each case's
outcome, and the notifications that follow."""

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict

from arendo_contracts.events.inbox import InboxSnapshot
from arendo_contracts.vocabulary import CaseStatus, InboxKind
from arendo_kit.errors import InvalidInput
from arendo_kit.repository import AggregateRoot
from inbox_service.domain.registers import User

MAX_CASES_PER_DISTRIBUTION = 200
NOTE_TITLE = "Fördelat ärende"
KIND_NAMES = {
    InboxKind.WORK_GROUP: "en arbetsgrupp",
    InboxKind.SPECIALIST_GROUP: "en specialistgrupp",
    InboxKind.EXTERNAL_PARTY: "en extern intressent",
}


class Outcome(StrEnum):
    DISTRIBUTED = "distributed"
    NOT_FOUND = "not_found"
    FORBIDDEN = "forbidden"
    LOCKED = "locked"
    CLOSED = "closed"
    ALREADY_THERE = "already_there"


class CaseResult(BaseModel):
    model_config = ConfigDict(frozen=True)

    case_id: str
    outcome: Outcome
    reason: str | None = None
    case_number: str | None = None
    from_inbox_id: str | None = None


class Distribution(AggregateRoot):
    """One distribution decision and what became of each case in it."""

    distributed_by: str
    distributed_at: datetime
    target_inbox_id: str
    target_kind: InboxKind
    officer_id: str | None = None
    note: str | None = None
    require_feedback: bool = False
    drag_and_drop: bool = False
    notify_customer_email: str | None = None
    results: tuple[CaseResult, ...]

    @property
    def distributed(self) -> list[CaseResult]:
        return [r for r in self.results if r.outcome is Outcome.DISTRIBUTED]


@dataclass(frozen=True)
class Actor:
    """The distributing user: admin, or member of the inboxes they act in."""

    is_admin: bool
    inbox_ids: frozenset[str]
    confidential_inbox_ids: frozenset[str]

    def may_act_in(self, inbox_id: str) -> bool:
        return self.is_admin or inbox_id in self.inbox_ids


def check_request(
    *,
    case_count: int,
    target: InboxSnapshot,
    kind: InboxKind,
    officer: User | None,
    note: str | None,
    notify_customer_email: str | None,
    require_feedback: bool,
    drag_and_drop: bool,
) -> None:
    """Refuse a request that cannot be carried out as a whole, before anything moves."""
    if case_count == 0:
        raise InvalidInput("Välj minst ett ärende att fördela", field="case_ids")
    if case_count > MAX_CASES_PER_DISTRIBUTION:
        raise InvalidInput(f"Högst {MAX_CASES_PER_DISTRIBUTION} ärenden kan fördelas åt gången", field="case_ids")
    if target.kind is not kind:
        raise InvalidInput(f"Inkorgen {target.name} är inte {KIND_NAMES[kind]}", field="target_inbox_id")
    if not target.active:
        raise InvalidInput(f"Inkorgen {target.name} är inaktiverad", field="target_inbox_id")
    if notify_customer_email is not None and case_count != 1:
        raise InvalidInput("Kunden kan bara meddelas när ett enda ärende fördelas", field="notify_customer_email")
    if require_feedback and kind is not InboxKind.SPECIALIST_GROUP:
        raise InvalidInput("Återkoppling kan bara krävas av en specialistgrupp", field="require_feedback")
    if drag_and_drop and (officer is not None or note or notify_customer_email or require_feedback):
        raise InvalidInput(
            "Dra och släpp flyttar ärendet utan handläggare, anteckning eller meddelande", field="drag_and_drop"
        )
    if officer is not None and not officer.is_eligible_officer_in(target.inbox_id):
        raise InvalidInput(f"{officer.name} kan inte vara handläggare i {target.name}", field="officer_id")


def outcome_for(case_id: str, row: dict[str, Any] | None, *, actor: Actor, target_inbox_id: str) -> CaseResult:
    """Each case on its own: moved whole, or not at all with the reason."""
    if row is None:
        return CaseResult(case_id=case_id, outcome=Outcome.NOT_FOUND, reason="Ärendet finns inte")
    inbox_id = str(row["inbox_id"])
    if row.get("confidential") and inbox_id not in actor.confidential_inbox_ids:
        # Unauthorised readers never learn that a confidential case exists.
        return CaseResult(case_id=case_id, outcome=Outcome.NOT_FOUND, reason="Ärendet finns inte")
    base = {"case_id": case_id, "case_number": row.get("number"), "from_inbox_id": inbox_id}
    if not actor.may_act_in(inbox_id):
        return CaseResult(**base, outcome=Outcome.FORBIDDEN, reason="Du har inte behörighet till ärendets inkorg")
    if row.get("flags", {}).get("locked"):
        return CaseResult(**base, outcome=Outcome.LOCKED, reason="Ärendet är låst av en annan handläggare")
    if row.get("status") == CaseStatus.CLOSED:
        return CaseResult(**base, outcome=Outcome.CLOSED, reason="Ärendet är avslutat")
    if inbox_id == target_inbox_id:
        return CaseResult(**base, outcome=Outcome.ALREADY_THERE, reason="Ärendet ligger redan i den inkorgen")
    return CaseResult(**base, outcome=Outcome.DISTRIBUTED)


@dataclass(frozen=True)
class Notification:
    channel: str  # "email" or "sms"
    to: str
    subject: str | None
    body: str


def inbox_notifications(target: InboxSnapshot, numbers: Sequence[str]) -> list[Notification]:
    """The target inbox's own notification settings (INB-01): e-mail and/or SMS when cases arrive."""
    if not numbers:
        return []
    listed = ", ".join(numbers)
    text = (
        f"{len(numbers)} nytt ärende i {target.name}: {listed}"
        if len(numbers) == 1
        else (f"{len(numbers)} nya ärenden i {target.name}: {listed}")
    )
    found: list[Notification] = []
    if target.notifications.email:
        found.append(Notification("email", target.notifications.email, f"Nya ärenden i {target.name}", text))
    if target.notifications.sms:
        found.append(Notification("sms", target.notifications.sms, None, text[:300]))
    return found


def customer_notification(email: str, *, case_number: str, target: InboxSnapshot) -> Notification:
    subject = f"Ditt ärende {case_number} har lämnats vidare"
    body = (
        "Hej!\n\n"
        f"Ditt ärende {case_number} har lämnats vidare till {target.name}, som nu handlägger det. "
        f"Svara gärna på detta meddelande med [Ärende {case_number}] kvar i ämnesraden om du vill komplettera.\n\n"
        "Med vänlig hälsning\nKundtjänst"
    )
    return Notification("email", email, subject, body)


def new_distribution_id() -> str:
    return str(uuid.uuid4())
