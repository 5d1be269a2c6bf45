"""Use cases of the registers: inboxes (with their diary plan) and users."""

from collections.abc import Sequence

from arendo_contracts.events.inbox import (
    DiaryPlanEntry,
    InboxCreatedV1,
    InboxUpdatedV1,
    NotificationSettings,
    UserCreatedV1,
    UserUpdatedV1,
)
from arendo_contracts.vocabulary import InboxKind, Role
from arendo_kit.auth import User as Caller
from arendo_kit.errors import Conflict, InvalidInput
from arendo_kit.outbox import EventFactory
from inbox_service.domain.registers import (
    Inbox,
    User,
    diary_plan_matching,
    eligible_officers,
    new_inbox,
    new_user,
    revise_inbox,
    revise_user,
)
from inbox_service.service.common import expect_version, save_change
from inbox_service.store import InboxRepository, UserRepository


async def create_inbox(
    *,
    inboxes: InboxRepository,
    events: EventFactory,
    caller: Caller,
    name: str,
    kind: InboxKind,
    email: str | None,
    notifications: NotificationSettings,
    reply_time_limit_hours: int | None,
    diary_plan: Sequence[DiaryPlanEntry],
    inbox_id: str | None = None,
) -> Inbox:
    inbox = new_inbox(
        name=name,
        kind=kind,
        email=email,
        notifications=notifications,
        reply_time_limit_hours=reply_time_limit_hours,
        diary_plan=diary_plan,
        inbox_id=inbox_id,
    )
    if await inboxes.name_taken(inbox.name):
        raise Conflict(f"Det finns redan en inkorg som heter {inbox.name!r}", field="name")
    await inboxes.store(inbox, events=[events(InboxCreatedV1(inbox=inbox.snapshot()), actor=caller.id)])
    return inbox


async def create_user(
    *,
    users: UserRepository,
    inboxes: InboxRepository,
    events: EventFactory,
    caller: Caller,
    username: str,
    name: str,
    email: str | None,
    roles: Sequence[Role],
    inbox_ids: Sequence[str],
    confidential_inbox_ids: Sequence[str],
    user_id: str | None = None,
) -> User:
    user = new_user(
        username=username,
        name=name,
        email=email,
        roles=roles,
        inbox_ids=inbox_ids,
        confidential_inbox_ids=confidential_inbox_ids,
        user_id=user_id,
    )
    await _check_inboxes_exist(inboxes, user.inbox_ids)
    if await users.username_taken(user.username):
        raise Conflict(f"Användarnamnet {user.username!r} är upptaget", field="username")
    await users.store(user, events=[events(UserCreatedV1(user=user.snapshot()), actor=caller.id)])
    return user


async def update_inbox(
    *,
    inboxes: InboxRepository,
    events: EventFactory,
    caller: Caller,
    inbox_id: str,
    expected_version: int,
    name: str,
    kind: InboxKind,
    email: str | None,
    notifications: NotificationSettings,
    reply_time_limit_hours: int | None,
    diary_plan: Sequence[DiaryPlanEntry],
    active: bool,
) -> Inbox:
    inbox = await inboxes.require(inbox_id)
    expect_version(inbox, expected_version, what="Inkorgen")
    changed = revise_inbox(
        inbox,
        name=name,
        kind=kind,
        email=email,
        notifications=notifications,
        reply_time_limit_hours=reply_time_limit_hours,
        diary_plan=diary_plan,
        active=active,
    )
    if changed.name_lower != inbox.name_lower and await inboxes.name_taken(changed.name, other_than=inbox.id):
        raise Conflict(f"Det finns redan en inkorg som heter {changed.name!r}", field="name")
    return await save_change(
        inboxes,
        before=inbox,
        after=changed,
        event=lambda i: events(InboxUpdatedV1(inbox=i.snapshot()), actor=caller.id),
    )


async def update_user(
    *,
    users: UserRepository,
    inboxes: InboxRepository,
    events: EventFactory,
    caller: Caller,
    user_id: str,
    expected_version: int,
    name: str,
    email: str | None,
    roles: Sequence[Role],
    inbox_ids: Sequence[str],
    confidential_inbox_ids: Sequence[str],
    active: bool,
) -> User:
    user = await users.require(user_id)
    expect_version(user, expected_version, what="Användaren")
    changed = revise_user(
        user,
        caller_id=caller.id,
        name=name,
        email=email,
        roles=roles,
        inbox_ids=inbox_ids,
        confidential_inbox_ids=confidential_inbox_ids,
        active=active,
    )
    await _check_inboxes_exist(inboxes, changed.inbox_ids)
    return await save_change(
        users, before=user, after=changed, event=lambda u: events(UserUpdatedV1(user=u.snapshot()), actor=caller.id)
    )


async def search_diary_plan(*, inboxes: InboxRepository, inbox_id: str, text: str | None) -> list[DiaryPlanEntry]:
    """CASE-04: the case types of the inbox matching the text (case type or category); blank lists all."""
    return diary_plan_matching(await inboxes.require(inbox_id), text)


async def search_officers(
    *, inboxes: InboxRepository, users: UserRepository, inbox_id: str, text: str | None
) -> list[User]:
    """INB-02: who may be made officer of a case in the inbox, matching part of name or username."""
    await inboxes.require(inbox_id)
    members = await users.list_matching(text=text, inbox_id=inbox_id, active_only=True)
    return eligible_officers(members, inbox_id)


async def _check_inboxes_exist(inboxes: InboxRepository, inbox_ids: Sequence[str]) -> None:
    for index, inbox_id in enumerate(inbox_ids):
        if await inboxes.get(inbox_id) is None:
            raise InvalidInput(f"Inkorgen {inbox_id} finns inte", field=f"inbox_ids.{index}")
