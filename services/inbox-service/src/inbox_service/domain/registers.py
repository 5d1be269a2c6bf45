"""Inboxes and users: the registers other services replicate through events."""

import re
import uuid
from collections.abc import Iterable, Sequence
from typing import Any

from pydantic import model_validator

from arendo_contracts.events.inbox import DiaryPlanEntry, InboxSnapshot, NotificationSettings, UserSnapshot
from arendo_contracts.vocabulary import InboxKind, Role
from arendo_kit.errors import InvalidInput
from arendo_kit.repository import AggregateRoot
from arendo_kit.text import swedish_sort_key
from inbox_service.domain.revision import revised
from inbox_service.domain.search import matches, tidy

_USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,63}$")

# Path segments next to /api/inboxes/{inbox_id}: an inbox with one of these ids could not be reached.
RESERVED_INBOX_IDS = frozenset({"users", "registers", "my-cases", "distributions", "ops"})

# The roles that may be made responsible for a case (INB-02, CASE-24); an admin alone may not.
ELIGIBLE_OFFICER_ROLES = frozenset({Role.OFFICER, Role.SPECIALIST, Role.EXTERNAL})


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
    if inbox_id is not None and inbox_id.lower() in RESERVED_INBOX_IDS:
        raise InvalidInput(f"Id:t {inbox_id!r} är reserverat och kan inte användas för en inkorg", field="id")
    return Inbox(
        id=inbox_id or str(uuid.uuid4()),
        version=1,
        **_inbox_fields(
            name=name,
            kind=kind,
            email=email,
            notifications=notifications,
            reply_time_limit_hours=reply_time_limit_hours,
            diary_plan=diary_plan,
        ),
    )


def revise_inbox(
    inbox: Inbox,
    *,
    name: str,
    kind: InboxKind,
    email: str | None,
    notifications: NotificationSettings,
    reply_time_limit_hours: int | None,
    diary_plan: Sequence[DiaryPlanEntry],
    active: bool,
) -> Inbox:
    """The inbox as the admin saved it; the same inbox (same version) when nothing changed."""
    fields = _inbox_fields(
        name=name,
        kind=kind,
        email=email,
        notifications=notifications,
        reply_time_limit_hours=reply_time_limit_hours,
        diary_plan=diary_plan,
    )
    return revised(inbox, {**fields, "active": active})


def _inbox_fields(
    *,
    name: str,
    kind: InboxKind,
    email: str | None,
    notifications: NotificationSettings,
    reply_time_limit_hours: int | None,
    diary_plan: Sequence[DiaryPlanEntry],
) -> dict[str, Any]:
    clean_name = tidy(name)
    if not clean_name:
        raise InvalidInput("Inkorgen behöver ett namn", field="name")
    return {
        "name": clean_name,
        "name_lower": clean_name.lower(),
        "kind": kind,
        "email": email.lower() if email else None,
        "notifications": notifications,
        "reply_time_limit_hours": reply_time_limit_hours,
        "diary_plan": clean_diary_plan(diary_plan),
    }


def clean_diary_plan(diary_plan: Sequence[DiaryPlanEntry]) -> tuple[DiaryPlanEntry, ...]:
    """Tidied case types and categories; each case type once, each category once per type."""
    cleaned: list[DiaryPlanEntry] = []
    seen: set[str] = set()
    for index, entry in enumerate(diary_plan):
        case_type = tidy(entry.case_type)
        if not case_type:
            raise InvalidInput("Ärendetypen behöver ett namn", field=f"diary_plan.{index}.case_type")
        if case_type.lower() in seen:
            raise InvalidInput(f"Ärendetypen {case_type!r} finns två gånger i diarieplanen", field="diary_plan")
        seen.add(case_type.lower())
        categories = [tidy(c) for c in entry.categories]
        if not all(categories):
            raise InvalidInput("En kategori behöver ett namn", field=f"diary_plan.{index}.categories")
        cleaned.append(
            DiaryPlanEntry(
                case_type=case_type,
                categories=tuple(_unique_ignoring_case(categories)),
                kb_entry_ids=tuple(dict.fromkeys(entry.kb_entry_ids)),
            )
        )
    return tuple(cleaned)


def diary_plan_matching(inbox: Inbox, query: str | None) -> list[DiaryPlanEntry]:
    """CASE-04: the entries whose case type or one of its categories matches; blank lists all."""
    return [entry for entry in inbox.diary_plan if matches(query, entry.case_type, *entry.categories)]


class User(AggregateRoot):
    username: str
    name: str
    # Kept lower-case for the officer search: the store matches without collation.
    name_lower: str
    email: str | None = None
    roles: tuple[Role, ...]
    inbox_ids: tuple[str, ...] = ()
    confidential_inbox_ids: tuple[str, ...] = ()
    active: bool = True

    @model_validator(mode="before")
    @classmethod
    def _name_lower_of_older_documents(cls, data: Any) -> Any:
        # Users stored before the officer search have no name_lower; derive it when read.
        if isinstance(data, dict) and "name_lower" not in data and isinstance(data.get("name"), str):
            return {**data, "name_lower": data["name"].lower()}
        return data

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

    def is_eligible_officer_in(self, inbox_id: str) -> bool:
        """May be made the officer of a case in this inbox: active, a member, with an officer role."""
        return self.active and self.is_member_of(inbox_id) and bool(ELIGIBLE_OFFICER_ROLES.intersection(self.roles))


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
            "Ett användarnamn har 2–64 tecken: små bokstäver, siffror, punkt, bindestreck eller understreck",
            field="username",
        )
    return User(
        id=user_id or str(uuid.uuid4()),
        version=1,
        username=login,
        **_user_fields(
            name=name,
            email=email,
            roles=roles,
            inbox_ids=inbox_ids,
            confidential_inbox_ids=confidential_inbox_ids,
        ),
    )


def revise_user(
    user: User,
    *,
    caller_id: str,
    name: str,
    email: str | None,
    roles: Sequence[Role],
    inbox_ids: Sequence[str],
    confidential_inbox_ids: Sequence[str],
    active: bool,
) -> User:
    """The user as the admin saved it (the username never changes); the same user when nothing changed."""
    fields = _user_fields(
        name=name, email=email, roles=roles, inbox_ids=inbox_ids, confidential_inbox_ids=confidential_inbox_ids
    )
    # An admin who locks themselves out needs another admin to get back in; refuse it instead.
    if user.id == caller_id and not active:
        raise InvalidInput("Du kan inte inaktivera dig själv", field="active")
    if user.id == caller_id and Role.ADMIN in user.roles and Role.ADMIN not in fields["roles"]:
        raise InvalidInput("Du kan inte ta bort din egen administratörsroll", field="roles")
    return revised(user, {**fields, "active": active})


def _user_fields(
    *,
    name: str,
    email: str | None,
    roles: Sequence[Role],
    inbox_ids: Sequence[str],
    confidential_inbox_ids: Sequence[str],
) -> dict[str, Any]:
    clean_name = tidy(name)
    if not clean_name:
        raise InvalidInput("Användaren behöver ett namn", field="name")
    if not roles:
        raise InvalidInput("En användare behöver minst en roll", field="roles")
    outside = set(confidential_inbox_ids) - set(inbox_ids)
    if outside:
        raise InvalidInput(
            "Behörighet att läsa sekretess kan bara ges för användarens egna inkorgar", field="confidential_inbox_ids"
        )
    return {
        "name": clean_name,
        "name_lower": clean_name.lower(),
        "email": email.lower() if email else None,
        "roles": tuple(dict.fromkeys(roles)),
        "inbox_ids": tuple(dict.fromkeys(inbox_ids)),
        "confidential_inbox_ids": tuple(dict.fromkeys(confidential_inbox_ids)),
    }


def eligible_officers(users: Iterable[User], inbox_id: str) -> list[User]:
    """INB-02: the users who may be made officer of a case in the inbox, by name in Swedish order."""
    eligible = [u for u in users if u.is_eligible_officer_in(inbox_id)]
    return sorted(eligible, key=lambda u: (swedish_sort_key(u.name), u.username))


def _unique_ignoring_case(texts: Iterable[str]) -> list[str]:
    seen: set[str] = set()
    kept: list[str] = []
    for text in texts:
        if text.lower() not in seen:
            seen.add(text.lower())
            kept.append(text)
    return kept
