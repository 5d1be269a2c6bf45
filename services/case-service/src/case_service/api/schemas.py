"""Request and response bodies of the case-service API."""

from datetime import datetime
from typing import Annotated

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, computed_field

from arendo_contracts.vocabulary import CaseStatus, Channel, Priority
from case_service.domain.alerts import ALERT_LABELS
from case_service.domain.case import BodyFormat, Case, DeedDirection, DeedKind
from case_service.domain.customer import CustomerType
from case_service.domain.deeds import DEED_KIND_LABELS
from case_service.domain.relation_values import AlertKind
from case_service.service.routing import RefusalReason, StatusOutcome


class CaseCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    inbox_id: str = Field(min_length=1, max_length=64)
    title: str | None = Field(default=None, max_length=300)
    description: str = Field(default="", max_length=20_000)
    channel: Channel = Channel.PHONE
    priority: Priority = Priority.NORMAL
    customer_wants_answer: bool = False
    arrived_at: AwareDatetime | None = None
    event_date: AwareDatetime | None = None


class CasePatch(BaseModel):
    """The content-panel fields; only those present are changed."""

    model_config = ConfigDict(extra="forbid")

    title: str | None = Field(default=None, min_length=1, max_length=300)
    description: str | None = Field(default=None, max_length=20_000)
    channel: Channel | None = None
    priority: Priority | None = None
    customer_wants_answer: bool | None = None
    event_date: AwareDatetime | None = Field(default=None, description="only while the system setting shows it")
    customer_answered: bool | None = None
    preferred_reply_form: Channel | None = Field(default=None, description="önskad svarsform; null clears it")
    personal_data: bool | None = Field(default=None, description="PU: the case holds personal data")


class StatusChange(BaseModel):
    model_config = ConfigDict(extra="forbid")

    status: CaseStatus
    confirmed: bool = Field(default=False, description="closing confirmed (asked when the system setting says so)")
    close_unanswered: bool = Field(
        default=False, description="close although the customer wants an answer and has none (CASE-27)"
    )


class ReturnToCustomerService(BaseModel):
    model_config = ConfigDict(extra="forbid")

    note: str | None = Field(default=None, max_length=20_000, description="why, for the customer service")


class DeedOut(BaseModel):
    id: str
    kind: DeedKind
    title: str
    body: str
    body_format: BodyFormat = Field(description="html: sanitised formatted text (service notes); text: plain text")
    author_id: str
    author_name: str
    at: datetime
    visible_to_customer: bool
    direction: DeedDirection
    attachments: list["AttachmentOut"]

    @computed_field(description="the kind as the officer sees it")  # type: ignore[prop-decorator]
    @property
    def kind_label(self) -> str:
        return DEED_KIND_LABELS.get(self.kind, self.kind.value)


class OfficerPeriodOut(BaseModel):
    officer_id: str
    officer_name: str
    since: datetime
    until: datetime | None


class CaseOut(BaseModel):
    id: str
    number: str
    title: str
    description: str
    status: CaseStatus
    priority: Priority
    channel: Channel
    inbox_id: str
    officer_id: str | None
    officer_name: str | None
    customer_wants_answer: bool
    arrived_at: datetime
    registered_at: datetime
    event_date: datetime
    closed_at: datetime | None
    registered_by: str
    feedback_required: bool = Field(description="a specialist group must return the case before it can be closed")
    return_inbox_id: str | None
    deeds: list[DeedOut] = Field(description="the document viewer, oldest first")
    officer_history: list[OfficerPeriodOut]
    case_types: list["CaseTypeOut"] = Field(description="CASE-04; the first one gives the default title")
    areas: list["RegisterRefOut"]
    organisations: list["RegisterRefOut"]
    customer_answered: bool
    preferred_reply_form: Channel | None = Field(description="önskad svarsform")
    personal_data: bool = Field(description="PU: the case holds personal data")
    confidential: bool
    confidentiality_paragraph_id: str | None
    confidentiality_paragraph_code: str | None
    lock: "LockOut | None" = Field(description="who has the card open for editing, since when (CASE-26)")
    inbox_name: str | None = Field(default=None, description="filled when the card is read")
    handling_time_seconds: int | None = Field(
        default=None, description="since registration, up to closing (CASE-08); filled when the card is read"
    )
    event_date_visible: bool | None = Field(
        default=None, description="whether the card shows the event date (system setting); filled when read"
    )
    customer: "CustomerOut" = Field(description="the customer tab (CASE-09)")
    customer_display_name: str | None = Field(description='name, else company, else e-mail; "Anonym" when anonymous')
    linked_property: "PropertyOut | None" = Field(description="the property tab (CASE-11)")
    main_case: "CaseRelationOut | None" = Field(description="the main case, when this is a sub-case (CASE-13)")
    sub_cases: list["CaseRelationOut"] = Field(description="the sub-cases (CASE-13)")
    links: list["LinkOut"] = Field(description="link relations (CASE-13)")
    alerts: list["AlertOut"] = Field(description="the alerts tab (CASE-16)")
    scheduled_reopen: "ScheduledReopenOut | None" = Field(
        default=None, description="a reopening planned for the closed case (CASE-28)"
    )

    @computed_field(description="the relations tab shows that relations exist (CASE-13)")  # type: ignore[prop-decorator]
    @property
    def has_relations(self) -> bool:
        return self.main_case is not None or bool(self.sub_cases) or bool(self.links)

    version: int

    @classmethod
    def of(cls, case: Case) -> "CaseOut":
        return cls.model_validate(case.model_dump())


# --- classification, content panel, officer, lock (CASE-04..08, CASE-23, CASE-24, CASE-26) ---


class CaseTypeOut(BaseModel):
    case_type: str
    category: str | None
    kb_entry_ids: list[str] = Field(description="knowledge entries linked to the type (the kb-service shows them)")


class RegisterRefOut(BaseModel):
    id: str
    name: str


class LockOut(BaseModel):
    holder_id: str
    holder_name: str
    since: datetime
    expires_at: datetime = Field(description="counts as free after this unless a heartbeat moves it")


class CaseTypeIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    case_type: str = Field(min_length=1, max_length=200)
    category: str | None = Field(default=None, max_length=200)


class CaseTypesPut(BaseModel):
    """The case's whole list of case types; an empty list removes them all."""

    model_config = ConfigDict(extra="forbid")

    case_types: list[CaseTypeIn] = Field(max_length=50)


class AreasPut(BaseModel):
    model_config = ConfigDict(extra="forbid")

    area_ids: list[str] = Field(max_length=50, description="the case's whole list of areas")


class OrganisationsPut(BaseModel):
    model_config = ConfigDict(extra="forbid")

    organisation_ids: list[str] = Field(max_length=50, description="the case's whole list of organisations")


class ConfidentialityPut(BaseModel):
    model_config = ConfigDict(extra="forbid")

    confidential: bool
    paragraph_id: str | None = Field(
        default=None, max_length=64, description="the legal paragraph (required when confidential)"
    )


class OfficerPut(BaseModel):
    model_config = ConfigDict(extra="forbid")

    officer_id: str = Field(min_length=1, max_length=64, description='the caller\'s own id for "Tilldela mig"')


class CaseTypeOption(BaseModel):
    case_type: str
    categories: list[str]
    kb_entry_ids: list[str]


class RegisterOption(BaseModel):
    id: str
    name: str
    description: str | None = None


class OfficerOption(BaseModel):
    user_id: str
    username: str
    name: str


class StatusChangeOfMany(BaseModel):
    model_config = ConfigDict(extra="forbid")

    case_ids: list[Annotated[str, Field(min_length=1, max_length=64)]] = Field(min_length=1, max_length=200)
    status: CaseStatus
    confirmed: bool = Field(default=False, description="closing confirmed (asked when the system setting says so)")
    close_unanswered: bool = Field(
        default=False, description="close those whose customer wants an answer and has none too (CASE-27)"
    )


class StatusChangeResultOut(BaseModel):
    case_id: str
    outcome: StatusOutcome
    reason: RefusalReason | None = None
    detail: str | None = Field(default=None, description="why not, in Swedish")
    version: int | None = Field(default=None, description="the case's version after the attempt (its new ETag)")


class StatusChangesOut(BaseModel):
    results: list[StatusChangeResultOut]


# --- customer, customer register, property, other cases (CASE-09..CASE-12) ---


class CustomerIn(BaseModel):
    """The whole customer tab; a field left out or null is empty. `anonymous` clears and locks
    every other field, so it comes alone."""

    model_config = ConfigDict(extra="forbid")

    anonymous: bool = False
    first_name: str | None = Field(default=None, max_length=100)
    last_name: str | None = Field(default=None, max_length=100)
    company: str | None = Field(default=None, max_length=200)
    organisation_number: str | None = Field(default=None, max_length=20, description="NNNNNN-NNNN")
    care_of: str | None = Field(default=None, max_length=200, description="c/o-adress")
    street: str | None = Field(default=None, max_length=200)
    postcode: str | None = Field(default=None, max_length=20, description="five digits for Swedish addresses")
    city: str | None = Field(default=None, max_length=100)
    country: str | None = Field(default=None, max_length=100, description="blank means Sweden")
    type: CustomerType | None = Field(default=None, description="förening, företag, privatperson")
    personal_number: str | None = Field(
        default=None, max_length=20, description="ååååmmddnnnn, with or without hyphen; samordningsnummer too"
    )
    home_phone: str | None = Field(default=None, max_length=40)
    mobile_phone: str | None = Field(default=None, max_length=40)
    work_phone: str | None = Field(default=None, max_length=40)
    email: str | None = Field(default=None, max_length=254)
    other_email: str | None = Field(default=None, max_length=254)
    trakt: str | None = Field(default=None, max_length=100)
    block: str | None = Field(default=None, max_length=10)
    enhet: str | None = Field(default=None, max_length=10)


class CustomerOut(BaseModel):
    anonymous: bool
    first_name: str | None
    last_name: str | None
    company: str | None
    organisation_number: str | None = Field(description="NNNNNN-NNNN")
    care_of: str | None
    street: str | None
    postcode: str | None = Field(description="`123 45` for Swedish addresses")
    city: str | None
    country: str | None
    type: CustomerType | None
    personal_number: str | None = Field(description="12 digits ååååmmddnnnn")
    home_phone: str | None = Field(description="E.164")
    mobile_phone: str | None = Field(description="E.164")
    work_phone: str | None = Field(description="E.164")
    email: str | None
    other_email: str | None
    trakt: str | None
    block: str | None
    enhet: str | None


class PropertyOut(BaseModel):
    property_id: str
    designation: str = Field(description='fastighetsbeteckning, e.g. "Exempelby Trakten 1:23"')
    trakt: str
    block: str
    enhet: str
    address: str | None
    postcode: str | None
    city: str | None


class PropertyLink(BaseModel):
    model_config = ConfigDict(extra="forbid")

    property_id: str = Field(min_length=1, max_length=64)


class PropertyImportOut(BaseModel):
    imported: int = Field(description="properties in the register now")
    replaced: int = Field(description="properties of the previous import, now removed")
    imported_at: datetime


class CustomerHitOut(BaseModel):
    id: str = Field(description="pick it with POST /api/cases/{case_id}/customer/from-register/{id}")
    display_name: str | None
    customer: CustomerOut
    matched_on: list[str] = Field(description="the searched fields this customer matched, strongest first")
    updated_at: datetime


class OtherCaseOut(BaseModel):
    id: str
    number: str
    title: str
    status: CaseStatus
    inbox_id: str
    officer_name: str | None
    customer_display_name: str | None
    registered_at: datetime
    closed_at: datetime | None


class OtherCasesOut(BaseModel):
    email: str | None = Field(description="the search as run: the case's customer unless the query gave fields")
    personal_number: str | None
    name: str | None
    items: list[OtherCaseOut]
    total: int
    page: int
    page_size: int


# --- relations, alerts, deeds (CASE-13, CASE-16, CASE-22) ---


class CaseRelationOut(BaseModel):
    case_id: str
    case_number: str
    description: str
    related_by: str
    related_at: datetime


class LinkOut(BaseModel):
    id: str
    url: str
    description: str
    added_by: str
    added_at: datetime


class ScheduledReopenOut(BaseModel):
    at: datetime
    reason: str = Field(description="the officer's reason, if any")
    by_id: str
    by_name: str
    scheduled_at: datetime


class AlertOut(BaseModel):
    id: str
    kind: AlertKind
    message: str
    raised_at: datetime

    @computed_field(description="the kind as the officer sees it")  # type: ignore[prop-decorator]
    @property
    def label(self) -> str:
        return ALERT_LABELS.get(self.kind, self.kind.value)


class AttachmentOut(BaseModel):
    file_id: str
    filename: str
    content_type: str
    size: int
