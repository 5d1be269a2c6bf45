"""Use cases of the registers: inboxes and users."""

from collections.abc import Sequence

from arendo_contracts.events.inbox import DiaryPlanEntry, InboxCreatedV1, NotificationSettings, UserCreatedV1
from arendo_contracts.vocabulary import InboxKind, Role
from arendo_kit.auth import User as Caller
from arendo_kit.errors import Conflict, InvalidInput
from arendo_kit.outbox import EventFactory
from inbox_service.domain.registers import Inbox, User, new_inbox, new_user
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
    for index, inbox_id in enumerate(user.inbox_ids):
        if await inboxes.get(inbox_id) is None:
            raise InvalidInput(f"Inkorgen {inbox_id} finns inte", field=f"inbox_ids.{index}")
    if await users.username_taken(user.username):
        raise Conflict(f"Användarnamnet {user.username!r} är upptaget", field="username")
    await users.store(user, events=[events(UserCreatedV1(user=user.snapshot()), actor=caller.id)])
    return user
