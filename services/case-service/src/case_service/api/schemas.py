"""Request and response bodies of the case-service API."""

from datetime import datetime

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from arendo_contracts.vocabulary import CaseStatus, Channel, Priority
from case_service.domain.case import Case, DeedKind


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
    event_date: AwareDatetime | None = None


class StatusChange(BaseModel):
    model_config = ConfigDict(extra="forbid")

    status: CaseStatus


class ReturnToCustomerService(BaseModel):
    model_config = ConfigDict(extra="forbid")

    note: str | None = Field(default=None, max_length=20_000, description="why, for the customer service")


class DeedOut(BaseModel):
    id: str
    kind: DeedKind
    title: str
    body: str
    author_id: str
    author_name: str
    at: datetime
    visible_to_customer: bool


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
    version: int

    @classmethod
    def of(cls, case: Case) -> "CaseOut":
        return cls.model_validate(case.model_dump())
