"""The case aggregate and its rules; no I/O."""

import uuid
from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, computed_field

from arendo_contracts.events.case import CaseFlags, CaseSummary, FieldChange
from arendo_contracts.vocabulary import CaseStatus, Channel, Priority
from arendo_kit.errors import InvalidInput, PreconditionFailed
from arendo_kit.repository import AggregateRoot
from case_service.domain.card_fields import CaseLock, CaseTypeChoice, RegisterRef
from case_service.domain.customer import Customer
from case_service.domain.property import Property
from case_service.domain.relation_values import Alert, CaseRelation, LinkRelation

DEFAULT_TITLE = "Nytt ärende"
MAX_CASE_SEQUENCE = 999_999


def format_case_number(year: int, sequence: int) -> str:
    """Readable case numbers `YYYY-NNNNNN`, counted per year."""
    if not 1 <= sequence <= MAX_CASE_SEQUENCE:
        raise ValueError(f"case sequence {sequence} is outside 1..{MAX_CASE_SEQUENCE} for {year}")
    return f"{year:04d}-{sequence:06d}"


class DeedKind(StrEnum):
    INCOMING_EMAIL = "incoming_email"
    OUTGOING_EMAIL = "outgoing_email"
    SMS = "sms"
    PHONE_CALL = "phone_call"
    INTERNAL_SERVICE_NOTE = "internal_service_note"
    SERVICE_NOTE = "service_note"
    REFERRAL = "referral"
    SOCIAL_POST = "social_post"
    PORTAL_MESSAGE = "portal_message"
    E_SERVICE_SUBMISSION = "e_service_submission"


class DeedDirection(StrEnum):
    IN = "in"  # from the customer or another party
    OUT = "out"  # to the customer or another party
    INTERNAL = "internal"  # within the organisation only


class AttachmentRef(BaseModel):
    """A file stored with the case (GridFS) that a deed carries; the bytes are fetched by `file_id`."""

    model_config = ConfigDict(frozen=True)

    file_id: str
    filename: str
    content_type: str
    size: int


class BodyFormat(StrEnum):
    TEXT = "text"
    HTML = "html"  # formatted text, always stored sanitised


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
    direction: DeedDirection = DeedDirection.INTERNAL
    attachments: tuple[AttachmentRef, ...] = ()
    body_format: BodyFormat = BodyFormat.TEXT


class InternalNote(BaseModel):
    """An internal note (anteckning, CASE-17): never a deed, never shown to the customer, and
    deleted (not hidden) when the case is closed."""

    model_config = ConfigDict(frozen=True)

    id: str
    text: str
    author_id: str
    author_name: str
    at: datetime
    attachments: tuple[AttachmentRef, ...] = ()


class ScheduledReopen(BaseModel):
    """A reopening an officer scheduled for a closed case (CASE-28); a durable timer fires it."""

    model_config = ConfigDict(frozen=True)

    at: datetime
    reason: str = ""
    by_id: str
    by_name: str
    scheduled_at: datetime


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
    customer: Customer = Customer()
    linked_property: Property | None = None  # the property tab (CASE-11), as chosen from the register

    # Stored with the case (computed, so always in step with `customer`) for lists and for the
    # search for other cases of the customer (CASE-12): exact keys and the folded name.
    @computed_field  # type: ignore[prop-decorator]
    @property
    def customer_display_name(self) -> str | None:
        return self.customer.display_name()

    @computed_field  # type: ignore[prop-decorator]
    @property
    def customer_keys(self) -> tuple[str, ...]:
        return self.customer.case_search_keys()

    @computed_field  # type: ignore[prop-decorator]
    @property
    def customer_name_folded(self) -> str | None:
        return self.customer.name_search_text()

    # --- classification and content panel (CASE-04..CASE-08), lock (CASE-26) ---
    case_types: tuple[CaseTypeChoice, ...] = ()
    areas: tuple[RegisterRef, ...] = ()
    organisations: tuple[RegisterRef, ...] = ()
    customer_answered: bool = False
    preferred_reply_form: Channel | None = None
    personal_data: bool = False  # PU: the case holds personal data
    lock: CaseLock | None = None  # released by the lock-expiry timer once it has expired
    # --- relations, alerts (CASE-13, CASE-14, CASE-16) ---
    # A relation is kept on both cases: the sub-case's `main_case` is the claim (a case has at most
    # one main case), the main case's `sub_cases` the index the relations tab lists.
    main_case: CaseRelation | None = None
    sub_cases: tuple[CaseRelation, ...] = ()
    links: tuple[LinkRelation, ...] = ()
    alerts: tuple[Alert, ...] = ()
    # Events and timers that raised an alert (the last few), so a repeated one raises nothing again.
    alert_sources: tuple[str, ...] = ()
    # --- notes, life cycle (CASE-17, CASE-27, CASE-28) ---
    notes: tuple[InternalNote, ...] = ()
    # Attachment files whose note was deleted: removed from GridFS after the write that dropped them.
    discarded_files: tuple[str, ...] = ()
    scheduled_reopen: ScheduledReopen | None = None

    @property
    def main_case_id(self) -> str | None:
        return None if self.main_case is None else self.main_case.case_id

    @property
    def sub_case_ids(self) -> tuple[str, ...]:
        return tuple(relation.case_id for relation in self.sub_cases)

    @property
    def has_relations(self) -> bool:
        """The relations tab turns green (CASE-13)."""
        return self.main_case is not None or bool(self.sub_cases) or bool(self.links)

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
            customer_display_name=self.customer_display_name,
            arrived_at=self.arrived_at,
            registered_at=self.registered_at,
            closed_at=self.closed_at,
            case_types=tuple(choice.case_type for choice in self.case_types),
            flags=CaseFlags(locked=self.lock is not None, has_alerts=bool(self.alerts), has_notes=bool(self.notes)),
            # As `flags.locked`: the lock as stored, also one past its expiry until the lock-expiry timer
            # releases it and publishes that; the summary has no clock, so it never goes stale unpublished.
            lock=None if self.lock is None else self.lock.summary(),
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


EDITABLE_FIELDS = (
    "title",
    "description",
    "priority",
    "channel",
    "customer_wants_answer",
    "event_date",
    "customer_answered",
    "preferred_reply_form",
    "personal_data",
)
# Content-panel fields that may be emptied (null); the others always hold a value.
CLEARABLE_FIELDS = ("preferred_reply_form",)


def revise_case(
    case: Case, changes: dict[str, object], *, event_date_visible: bool = False
) -> tuple[Case, tuple[FieldChange, ...]]:
    """Apply the content-panel fields that changed; the version moves only when something did.
    The event date can be changed only while the system setting shows it (CASE-06)."""
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        field = sorted(unknown)[0]
        raise InvalidInput(f"Fältet {field!r} kan inte ändras här", field=field)
    if "event_date" in changes and changes["event_date"] != case.event_date and not event_date_visible:
        raise InvalidInput("Händelsedatum används inte (systeminställning)", field="event_date")
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
