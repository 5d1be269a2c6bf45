"""Inboxes and users: the registers other services replicate through events."""

import re
import uuid
from collections.abc import Sequence

from arendo_contracts.events.inbox import DiaryPlanEntry, InboxSnapshot, NotificationSettings, UserSnapshot
from arendo_contracts.vocabulary import InboxKind, Role
from arendo_kit.errors import InvalidInput
from arendo_kit.repository import AggregateRoot

_USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,63}$")


class Inbox(AggregateRoot):
    name: str
    name_lower: str
    kind: InboxKind
    email: str | None = None
    notifications: NotificationSettings = NotificationSettings()
    reply_time_limit_hours: int | None = None
    diary_plan: tuple[DiaryPlanEntry, ...] = ()
    active: bool = True

    def snapshot(self) -> InboxSnapshot:
        return InboxSnapshot(
            inbox_id=self.id,
            name=self.name,
            kind=self.kind,
            email=self.email,
            notifications=self.notifications,
            reply_time_limit_hours=self.reply_time_limit_hours,
            diary_plan=self.diary_plan,
            active=self.active,
            version=self.version,
        )


def new_inbox(
    *,
    name: str,
    kind: InboxKind,
    email: str | None,
    notifications: NotificationSettings,
    reply_time_limit_hours: int | None,
    diary_plan: Sequence[DiaryPlanEntry],
    inbox_id: str | None = None,
) -> Inbox:
    clean_name = " ".join(name.split())
    if not clean_name:
        raise InvalidInput("The inbox needs a name", field="name")
    types = [entry.case_type.strip().lower() for entry in diary_plan]
    if len(types) != len(set(types)):
        raise InvalidInput("A case type appears twice in the diary plan", field="diary_plan")
    return Inbox(
        id=inbox_id or str(uuid.uuid4()),
        version=1,
        name=clean_name,
        name_lower=clean_name.lower(),
        kind=kind,
        email=email.lower() if email else None,
        notifications=notifications,
        reply_time_limit_hours=reply_time_limit_hours,
        diary_plan=tuple(diary_plan),
    )


class User(AggregateRoot):
    username: str
    name: str
    email: str | None = None
    roles: tuple[Role, ...]
    inbox_ids: tuple[str, ...] = ()
    confidential_inbox_ids: tuple[str, ...] = ()
    active: bool = True

    def snapshot(self) -> UserSnapshot:
        return UserSnapshot(
            user_id=self.id,
            username=self.username,
            name=self.name,
            email=self.email,
            roles=self.roles,
            inbox_ids=self.inbox_ids,
            confidential_inbox_ids=self.confidential_inbox_ids,
            active=self.active,
            version=self.version,
        )

    def is_member_of(self, inbox_id: str) -> bool:
        return inbox_id in self.inbox_ids

    def may_read_confidential_in(self, inbox_id: str) -> bool:
        return inbox_id in self.confidential_inbox_ids


def new_user(
    *,
    username: str,
    name: str,
    email: str | None,
    roles: Sequence[Role],
    inbox_ids: Sequence[str],
    confidential_inbox_ids: Sequence[str],
    user_id: str | None = None,
) -> User:
    login = username.strip().lower()
    if not _USERNAME.match(login):
        raise InvalidInput(
            "A username is 2–64 characters: lower-case letters, digits, dot, dash or underscore", field="username"
        )
    if not roles:
        raise InvalidInput("A user needs at least one role", field="roles")
    outside = set(confidential_inbox_ids) - set(inbox_ids)
    if outside:
        raise InvalidInput(
            "'May read confidential' can only be given for the user's own inboxes", field="confidential_inbox_ids"
        )
    return User(
        id=user_id or str(uuid.uuid4()),
        version=1,
        username=login,
        name=" ".join(name.split()),
        email=email.lower() if email else None,
        roles=tuple(dict.fromkeys(roles)),
        inbox_ids=tuple(dict.fromkeys(inbox_ids)),
        confidential_inbox_ids=tuple(dict.fromkeys(confidential_inbox_ids)),
    )
