"""Use cases of the inbox-service: plain async functions with keyword-only dependencies."""

from collections.abc import Sequence
from typing import Any

from arendo_contracts import CloudEvent
from arendo_contracts.events.case import case_summary_of
from arendo_contracts.events.inbox import DiaryPlanEntry, InboxCreatedV1, NotificationSettings, UserCreatedV1
from arendo_contracts.vocabulary import InboxKind, Role
from arendo_kit.auth import User as Caller
from arendo_kit.errors import Conflict, Forbidden, InvalidInput
from arendo_kit.mongo import Document
from arendo_kit.outbox import EventFactory
from inbox_service.domain.inbox_view import visible_to
from inbox_service.domain.registers import Inbox, User, new_inbox, new_user
from inbox_service.store import InboxRepository, InboxViewStore, UserRepository


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


async def project_case_event(*, view: InboxViewStore, event: CloudEvent) -> None:
    """Keep the inbox view current; an older or repeated event changes nothing."""
    await view.apply(case_summary_of(event))


async def list_inbox_cases(
    *,
    inboxes: InboxRepository,
    users: UserRepository,
    view: InboxViewStore,
    caller: Caller,
    inbox_id: str,
    page: int,
    page_size: int,
) -> tuple[Inbox, list[Document], int]:
    inbox = await inboxes.require(inbox_id)
    member = await users.get(caller.id)
    if not caller.is_admin and (member is None or not member.is_member_of(inbox_id)):
        raise Forbidden("Du har inte behörighet till den här inkorgen")
    may_read_confidential = member is not None and member.may_read_confidential_in(inbox_id)
    rows, total = await view.page(
        inbox_id=inbox_id,
        include_confidential=visible_to(confidential=True, may_read_confidential=may_read_confidential),
        skip=(page - 1) * page_size,
        limit=page_size,
    )
    return inbox, rows, total


def row_for_listing(row: Document) -> dict[str, Any]:
    return {**row, "case_id": row["_id"]}
