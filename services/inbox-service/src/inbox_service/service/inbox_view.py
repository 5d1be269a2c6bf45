"""Use cases of the inbox view (INB-04): the cases of an inbox and an officer's "My cases"."""

import uuid
from dataclasses import dataclass

from arendo_contracts import CloudEvent
from arendo_contracts.commands.case import ReplayCaseSummariesV1
from arendo_contracts.events.case import FavouritesChangedV1, case_summary_of
from arendo_kit.auth import User as Caller
from arendo_kit.clock import Clock, utc_now
from arendo_kit.errors import Forbidden
from arendo_kit.mongo import Document
from arendo_kit.outbox import EventFactory
from inbox_service.domain.inbox_view import GroupColumn, ViewQuery, ViewRebuild, group_label
from inbox_service.store.inbox_view import FavouritesStore, InboxViewStore, Scope, ViewRebuildRepository
from inbox_service.store.registers import InboxRepository, UserRepository


@dataclass(frozen=True)
class Group:
    value: str
    label: str
    count: int


@dataclass(frozen=True)
class Listing:
    rows: list[Document]
    favourites: frozenset[str]
    total: int
    groups: list[Group] | None


async def project_case_event(*, view: InboxViewStore, event: CloudEvent) -> None:
    """Keep the inbox view current; an older or repeated event changes nothing."""
    await view.apply(case_summary_of(event))


async def project_favourites(*, favourites: FavouritesStore, event: CloudEvent) -> None:
    await favourites.apply(event.unwrap(FavouritesChangedV1).favourites)


async def list_inbox_cases(
    *,
    inboxes: InboxRepository,
    users: UserRepository,
    view: InboxViewStore,
    favourites: FavouritesStore,
    caller: Caller,
    inbox_id: str,
    query: ViewQuery,
) -> Listing:
    await inboxes.require(inbox_id)
    member = await users.get(caller.id)
    if not caller.is_admin and (member is None or not member.active or not member.is_member_of(inbox_id)):
        raise Forbidden("Du har inte behörighet till den här inkorgen")
    confidential = frozenset(member.confidential_inbox_ids) if member else frozenset()
    return await _listing(
        view=view,
        favourites=favourites,
        caller=caller,
        query=query,
        scope=Scope(inbox_id=inbox_id, confidential_inboxes=confidential),
    )


async def list_my_cases(
    *,
    users: UserRepository,
    view: InboxViewStore,
    favourites: FavouritesStore,
    caller: Caller,
    query: ViewQuery,
    favourites_only: bool,
) -> Listing:
    """ "Mina ärenden": the cases the caller is officer of, in every inbox."""
    member = await users.get(caller.id)
    confidential = frozenset(member.confidential_inbox_ids) if member else frozenset()
    if favourites_only:
        query = ViewQuery(**{**query.__dict__, "only_case_ids": tuple(sorted(await favourites.of(caller.id)))})
    return await _listing(
        view=view,
        favourites=favourites,
        caller=caller,
        query=query,
        scope=Scope(officer_id=caller.id, confidential_inboxes=confidential),
    )


async def _listing(
    *, view: InboxViewStore, favourites: FavouritesStore, caller: Caller, query: ViewQuery, scope: Scope
) -> Listing:
    page = await view.page(scope=scope, query=query)
    groups = None
    if page.groups is not None and query.group_by is not None:
        column: GroupColumn = query.group_by
        groups = [Group(value=value, label=group_label(column, value), count=count) for value, count in page.groups]
    return Listing(rows=page.rows, favourites=await favourites.of(caller.id), total=page.total, groups=groups)


async def rebuild_view(
    *,
    view: InboxViewStore,
    rebuilds: ViewRebuildRepository,
    events: EventFactory,
    caller: Caller,
    reply_queue: str,
    clock: Clock = utc_now,
) -> ViewRebuild:
    """Empty the view, then ask the case-service to replay every case into it. The request is
    stored with its command in one write, so the replay is asked for even if the broker is away."""
    cleared = await view.clear()
    rebuild = ViewRebuild(
        id=str(uuid.uuid4()), version=1, requested_by=caller.id, requested_at=clock(), cleared_rows=cleared
    )
    command = ReplayCaseSummariesV1(reply_queue=reply_queue, requested_by=caller.id)
    await rebuilds.store(rebuild, events=[events(command, actor=caller.id)])
    return rebuild
