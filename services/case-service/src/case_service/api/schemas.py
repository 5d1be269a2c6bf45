"""Request and response bodies of the case-service API."""

from datetime import datetime

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from arendo_contracts.vocabulary import CaseStatus, Channel, Priority
from case_service.domain.case import Case


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
    version: int

    @classmethod
    def of(cls, case: Case) -> "CaseOut":
        return cls.model_validate(case.model_dump())
