"""Use cases of the inbox view."""

from typing import Any

from arendo_contracts import CloudEvent
from arendo_contracts.events.case import case_summary_of
from arendo_kit.auth import User as Caller
from arendo_kit.errors import Forbidden
from arendo_kit.mongo import Document
from inbox_service.domain.inbox_view import visible_to
from inbox_service.domain.registers import Inbox
from inbox_service.store import InboxRepository, InboxViewStore, UserRepository


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
