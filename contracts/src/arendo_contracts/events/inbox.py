"""Register events of the inbox-service that other services replicate (inboxes with their diary plan, users)."""

from pydantic import BaseModel, ConfigDict, Field

from arendo_contracts.messages import Event
from arendo_contracts.vocabulary import InboxKind, Role


class DiaryPlanEntry(BaseModel):
    """One case type an inbox offers, its optional categories and linked knowledge entries."""

    model_config = ConfigDict(frozen=True)

    case_type: str
    categories: tuple[str, ...] = ()
    kb_entry_ids: tuple[str, ...] = ()


class NotificationSettings(BaseModel):
    model_config = ConfigDict(frozen=True)

    email: str | None = None
    sms: str | None = None


class InboxSnapshot(BaseModel):
    model_config = ConfigDict(frozen=True)

    inbox_id: str
    name: str
    kind: InboxKind
    email: str | None = None
    notifications: NotificationSettings = NotificationSettings()
    reply_time_limit_hours: int | None = None
    diary_plan: tuple[DiaryPlanEntry, ...] = ()
    active: bool = True
    version: int = Field(ge=1)


class InboxCreatedV1(Event):
    """An inbox was created, with its diary plan."""

    routing_key = "inbox.created.v1"

    inbox: InboxSnapshot

    def subject_id(self) -> str:
        return self.inbox.inbox_id


class InboxUpdatedV1(Event):
    """An inbox changed: the whole inbox after the change."""

    routing_key = "inbox.updated.v1"

    inbox: InboxSnapshot

    def subject_id(self) -> str:
        return self.inbox.inbox_id


class UserSnapshot(BaseModel):
    model_config = ConfigDict(frozen=True)

    user_id: str
    username: str
    name: str
    email: str | None = None
    roles: tuple[Role, ...]
    inbox_ids: tuple[str, ...] = ()
    confidential_inbox_ids: tuple[str, ...] = ()
    active: bool = True
    version: int = Field(ge=1)


class UserCreatedV1(Event):
    """A user was created with roles, inboxes and confidentiality permissions."""

    routing_key = "user.created.v1"

    user: UserSnapshot

    def subject_id(self) -> str:
        return self.user.user_id


class UserUpdatedV1(Event):
    """A user changed: the whole user after the change."""

    routing_key = "user.updated.v1"

    user: UserSnapshot

    def subject_id(self) -> str:
        return self.user.user_id
