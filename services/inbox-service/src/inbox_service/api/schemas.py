"""Request and response bodies of the inbox-service API."""

from datetime import datetime

from pydantic import BaseModel, ConfigDict, EmailStr, Field

from arendo_contracts.events.inbox import DiaryPlanEntry, NotificationSettings
from arendo_contracts.vocabulary import CaseStatus, Channel, InboxKind, Priority, Role
from inbox_service.domain.registers import Inbox, User

Id = Field(default=None, min_length=1, max_length=64, pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


class InboxCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str | None = Id
    name: str = Field(min_length=1, max_length=200)
    kind: InboxKind
    email: EmailStr | None = None
    notifications: NotificationSettings = NotificationSettings()
    reply_time_limit_hours: int | None = Field(default=None, ge=1, le=24 * 365)
    diary_plan: list[DiaryPlanEntry] = Field(default_factory=list, max_length=500)


class InboxOut(BaseModel):
    id: str
    name: str
    kind: InboxKind
    email: str | None
    notifications: NotificationSettings
    reply_time_limit_hours: int | None
    diary_plan: list[DiaryPlanEntry]
    active: bool
    version: int

    @classmethod
    def of(cls, inbox: Inbox) -> "InboxOut":
        return cls.model_validate(inbox.model_dump(exclude={"name_lower"}))


class UserCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str | None = Field(
        default=None,
        min_length=1,
        max_length=128,
        description="the subject (sub) the identity provider gives this user",
    )
    username: str = Field(min_length=2, max_length=64)
    name: str = Field(min_length=1, max_length=200)
    email: EmailStr | None = None
    roles: list[Role] = Field(min_length=1)
    inbox_ids: list[str] = Field(default_factory=list)
    confidential_inbox_ids: list[str] = Field(default_factory=list)


class UserOut(BaseModel):
    id: str
    username: str
    name: str
    email: str | None
    roles: list[Role]
    inbox_ids: list[str]
    confidential_inbox_ids: list[str]
    active: bool
    version: int

    @classmethod
    def of(cls, user: User) -> "UserOut":
        return cls.model_validate(user.model_dump())


class CaseRow(BaseModel):
    """One row of the inbox view, with the icons as flags (INB-04)."""

    case_id: str
    number: str
    title: str
    status: CaseStatus
    priority: Priority
    channel: Channel
    inbox_id: str
    officer_id: str | None = None
    officer: str = Field(description="the officer's name, or 'Ingen handläggare'")
    customer_display_name: str | None = None
    case_types: list[str] = Field(default_factory=list)
    has_notes: bool = False
    has_alerts: bool = False
    has_referral_answer: bool = False
    locked: bool = False
    locked_by: str | None = Field(default=None, description="user id of who has the case open for editing")
    locked_by_name: str | None = Field(default=None, description="their name, shown with the lock icon")
    locked_at: datetime | None = Field(default=None, description="since when the case is locked")
    favourite: bool = False
    confidential: bool = False
    arrived_at: datetime
    version: int


class CaseGroup(BaseModel):
    value: str
    label: str = Field(description="what the officer sees, in Swedish")
    count: int


class CasePage(BaseModel):
    inbox_id: str | None = Field(default=None, description="absent for 'My cases'")
    items: list[CaseRow]
    total: int
    page: int
    page_size: int
    groups: list[CaseGroup] | None = Field(default=None, description="counts per value when grouped")


class InboxUpdate(BaseModel):
    """The whole inbox as the admin saved it: every field is sent, so nothing is reset by leaving it out."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=200)
    kind: InboxKind
    email: EmailStr | None
    notifications: NotificationSettings
    reply_time_limit_hours: int | None = Field(ge=1, le=24 * 365)
    diary_plan: list[DiaryPlanEntry] = Field(max_length=500)
    active: bool


class UserUpdate(BaseModel):
    """The whole user as the admin saved it (the username never changes)."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=200)
    email: EmailStr | None
    roles: list[Role] = Field(min_length=1)
    inbox_ids: list[str]
    confidential_inbox_ids: list[str]
    active: bool


class OfficerOut(BaseModel):
    """A user who may be made officer of a case in the inbox searched."""

    id: str
    username: str
    name: str
    email: str | None
    roles: list[Role]

    @classmethod
    def of(cls, user: User) -> "OfficerOut":
        return cls(id=user.id, username=user.username, name=user.name, email=user.email, roles=list(user.roles))
