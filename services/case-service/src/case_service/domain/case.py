"""The case aggregate and its rules; no I/O."""

import uuid
from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from arendo_contracts.events.case import CaseSummary, FieldChange
from arendo_contracts.vocabulary import CaseStatus, Channel, Priority
from arendo_kit.errors import InvalidInput, PreconditionFailed
from arendo_kit.repository import AggregateRoot

DEFAULT_TITLE = "Nytt ärende"
MAX_CASE_SEQUENCE = 999_999


def format_case_number(year: int, sequence: int) -> str:
    """Readable case numbers `YYYY-NNNNNN`, counted per year."""
    if not 1 <= sequence <= MAX_CASE_SEQUENCE:
        raise ValueError(f"case sequence {sequence} is outside 1..{MAX_CASE_SEQUENCE} for {year}")
    return f"{year:04d}-{sequence:06d}"


class DeedKind(StrEnum):
    INTERNAL_SERVICE_NOTE = "internal_service_note"


class Deed(BaseModel):
    """A document registered on the case (CASE-22); the document viewer lists them by time."""

    model_config = ConfigDict(frozen=True)

    id: str
    kind: DeedKind
    title: str
    body: str = ""
    author_id: str
    author_name: str
    at: datetime
    visible_to_customer: bool = False
    source_id: str | None = None  # what raised it, e.g. a distribution id, so a redelivery adds nothing


class OfficerPeriod(BaseModel):
    """Who handled the case when (CASE-24)."""

    model_config = ConfigDict(frozen=True)

    officer_id: str
    officer_name: str
    since: datetime
    until: datetime | None = None


class Case(AggregateRoot):
    number: str
    title: str
    description: str = ""
    status: CaseStatus = CaseStatus.NEW
    priority: Priority = Priority.NORMAL
    channel: Channel = Channel.PHONE
    inbox_id: str
    officer_id: str | None = None
    officer_name: str | None = None
    customer_wants_answer: bool = False
    arrived_at: datetime
    registered_at: datetime
    event_date: datetime
    closed_at: datetime | None = None
    registered_by: str
    deeds: tuple[Deed, ...] = ()
    officer_history: tuple[OfficerPeriod, ...] = ()
    feedback_required: bool = False
    return_inbox_id: str | None = None
    # Ids of distributions already applied, so a redelivered one changes nothing (the last few).
    applied_sources: tuple[str, ...] = ()
    # CASE-07: readable only by users who may read confidential cases in the case's inbox.
    confidential: bool = False
    confidentiality_paragraph_id: str | None = None
    confidentiality_paragraph_code: str | None = None
    # --- customer, customer register, property (CASE-09..CASE-12) ---
    # --- classification and content panel (CASE-04..CASE-08), lock (CASE-26) ---
    # --- relations, alerts (CASE-13, CASE-14, CASE-16) ---

    def summary(self) -> CaseSummary:
        return CaseSummary(
            case_id=self.id,
            number=self.number,
            title=self.title,
            status=self.status,
            priority=self.priority,
            channel=self.channel,
            inbox_id=self.inbox_id,
            officer_id=self.officer_id,
            officer_name=self.officer_name,
            arrived_at=self.arrived_at,
            registered_at=self.registered_at,
            closed_at=self.closed_at,
            confidential=self.confidential,
            version=self.version,
        )


def check_version(case: Case, expected_version: int) -> None:
    """A change is made to the version the caller read (If-Match), never to a newer one unseen."""
    if case.version != expected_version:
        raise PreconditionFailed(
            f"Ärendet har ändrats (version {case.version}, du utgick från {expected_version}); läs om det",
            field="If-Match",
        )


def register_case(
    *,
    number: str,
    inbox_id: str,
    registered_by: str,
    now: datetime,
    title: str | None = None,
    description: str = "",
    channel: Channel = Channel.PHONE,
    priority: Priority = Priority.NORMAL,
    customer_wants_answer: bool = False,
    arrived_at: datetime | None = None,
    event_date: datetime | None = None,
) -> Case:
    """CASE-01: the incoming channel defaults to phone; arrival, registration and event date to now."""
    if arrived_at is not None and arrived_at > now:
        raise InvalidInput("Ankomstdatum kan inte ligga i framtiden", field="arrived_at")
    return Case(
        id=str(uuid.uuid4()),
        version=1,
        number=number,
        title=_clean_title(title) or DEFAULT_TITLE,
        description=description,
        channel=channel,
        priority=priority,
        customer_wants_answer=customer_wants_answer,
        inbox_id=inbox_id,
        arrived_at=arrived_at or now,
        registered_at=now,
        event_date=event_date or now,
        registered_by=registered_by,
    )


EDITABLE_FIELDS = ("title", "description", "priority", "channel", "customer_wants_answer", "event_date")


def revise_case(case: Case, changes: dict[str, object]) -> tuple[Case, tuple[FieldChange, ...]]:
    """Apply the content-panel fields that changed; the version moves only when something did."""
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        field = sorted(unknown)[0]
        raise InvalidInput(f"Fältet {field!r} kan inte ändras här", field=field)
    if "title" in changes:
        title = _clean_title(changes["title"] if isinstance(changes["title"], str) else None)
        if not title:
            raise InvalidInput("Rubriken får inte vara tom", field="title")
        changes = {**changes, "title": title}
    recorded: list[FieldChange] = []
    for field, new in changes.items():
        old = getattr(case, field)
        if old != new:
            recorded.append(FieldChange(field=field, old=_text(old), new=_text(new)))
    if not recorded:
        return case, ()
    # model_copy keeps the pending outbox; the values were validated by the request model.
    revised = case.model_copy(update={**{c.field: changes[c.field] for c in recorded}, "version": case.next_version()})
    return revised, tuple(recorded)


def _clean_title(title: str | None) -> str:
    return " ".join((title or "").split())[:300]


def _text(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(getattr(value, "value", value))
