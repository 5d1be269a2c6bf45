"""HTTP API of the inbox view (INB-04): the cases of an inbox, and "My cases"."""

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Path, Query, status
from pydantic import BaseModel

from arendo_contracts.vocabulary import CaseStatus
from arendo_kit.auth import AdminUser, CurrentUser
from inbox_service import service
from inbox_service.api.deps import Context
from inbox_service.api.schemas import CaseGroup, CasePage, CaseRow
from inbox_service.domain.inbox_view import GroupColumn, SortColumn, ViewQuery
from inbox_service.service.inbox_view import Listing, rebuild_view

router = APIRouter(prefix="/api/inboxes", tags=["inbox view"])

InboxId = Annotated[str, Path(min_length=1, max_length=64)]


def view_query(
    q: Annotated[str | None, Query(max_length=200, description="text in number, title, customer or case type")] = None,
    status: Annotated[list[CaseStatus] | None, Query(description="one or more statuses")] = None,
    officer: Annotated[str | None, Query(max_length=128, description="a user id, or 'none' for no officer")] = None,
    case_type: Annotated[str | None, Query(max_length=200)] = None,
    sort: Annotated[SortColumn | None, Query(description="column; the priority tier always comes first")] = None,
    order: Annotated[Literal["asc", "desc"], Query()] = "asc",
    group_by: Annotated[GroupColumn | None, Query()] = None,
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
    page_size: Annotated[int, Query(ge=1, le=200)] = 50,
) -> ViewQuery:
    return ViewQuery(
        text=q,
        statuses=tuple(status or ()),
        officer=officer,
        case_type=case_type,
        sort=sort,
        descending=order == "desc",
        group_by=group_by,
        page=page,
        page_size=page_size,
    )


Listed = Annotated[ViewQuery, Depends(view_query)]


def case_page(listing: Listing, query: ViewQuery, inbox_id: str | None) -> CasePage:
    items = [
        CaseRow(
            case_id=row["_id"],
            officer=row["officer_label"],
            favourite=row["_id"] in listing.favourites,
            **{k: v for k, v in row.items() if k in CaseRow.model_fields and k not in ("case_id", "officer")},
            **row.get("flags", {}),
        )
        for row in listing.rows
    ]
    groups = None if listing.groups is None else [CaseGroup(**vars(g)) for g in listing.groups]
    return CasePage(
        inbox_id=inbox_id, items=items, total=listing.total, page=query.page, page_size=query.page_size, groups=groups
    )


# Declared before the registers' /{inbox_id} so that "my-cases" is never taken for an inbox id.
@router.get("/my-cases", response_model=CasePage)
async def my_cases(
    ctx: Context,
    caller: CurrentUser,
    query: Listed,
    favourites_only: Annotated[bool, Query(description="only the caller's favourites")] = False,
) -> CasePage:
    """ "Mina ärenden": the cases the caller is officer of in every inbox, in the inbox view's order."""
    listing = await service.list_my_cases(
        users=ctx.users,
        view=ctx.view,
        favourites=ctx.favourites,
        caller=caller,
        query=query,
        favourites_only=favourites_only,
    )
    return case_page(listing, query, None)


@router.get("/{inbox_id}/cases", response_model=CasePage)
async def list_inbox_cases(inbox_id: InboxId, ctx: Context, caller: CurrentUser, query: Listed) -> CasePage:
    """The cases of an inbox: urgent first, then prioritised, then the rest; within a tier the
    order asked for (default: oldest arrival first); filtered, grouped with counts, paged."""
    listing = await service.list_inbox_cases(
        inboxes=ctx.inboxes,
        users=ctx.users,
        view=ctx.view,
        favourites=ctx.favourites,
        caller=caller,
        inbox_id=inbox_id,
        query=query,
    )
    return case_page(listing, query, inbox_id)


class RebuildOut(BaseModel):
    id: str
    cleared_rows: int
    reply_queue: str


@router.post(
    "/ops/inbox-view/rebuild", status_code=status.HTTP_202_ACCEPTED, response_model=RebuildOut, tags=["operations"]
)
async def rebuild_inbox_view(ctx: Context, admin: AdminUser) -> RebuildOut:
    """Rebuild the inbox view from scratch by replaying every case from the case-service."""
    rebuild = await rebuild_view(
        view=ctx.view, rebuilds=ctx.rebuilds, events=ctx.events, caller=admin, reply_queue=ctx.case_view_queue
    )
    return RebuildOut(id=rebuild.id, cleared_rows=rebuild.cleared_rows, reply_queue=ctx.case_view_queue)
