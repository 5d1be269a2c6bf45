"""HTTP API of the registers: inboxes and users (admin writes, everyone authenticated reads)."""

from typing import Annotated

from fastapi import APIRouter, Path, Query, Response, status

from arendo_contracts.events.inbox import DiaryPlanEntry
from arendo_kit.auth import AdminUser, CurrentUser
from arendo_kit.versioning import IfMatchVersion, etag
from inbox_service import service
from inbox_service.api.deps import Context
from inbox_service.api.schemas import InboxCreate, InboxOut, InboxUpdate, OfficerOut, UserCreate, UserOut, UserUpdate

router = APIRouter(prefix="/api/inboxes", tags=["inboxes"])

InboxId = Annotated[str, Path(min_length=1, max_length=64)]
UserId = Annotated[str, Path(min_length=1, max_length=128)]


# Users are declared before /{inbox_id} so that "users" is never taken for an inbox id.
@router.post("/users", status_code=status.HTTP_201_CREATED, response_model=UserOut, tags=["users"])
async def create_user(body: UserCreate, ctx: Context, admin: AdminUser, response: Response) -> UserOut:
    user = await service.create_user(
        users=ctx.users,
        inboxes=ctx.inboxes,
        events=ctx.events,
        caller=admin,
        username=body.username,
        name=body.name,
        email=body.email,
        roles=body.roles,
        inbox_ids=body.inbox_ids,
        confidential_inbox_ids=body.confidential_inbox_ids,
        user_id=body.id,
    )
    response.headers["Location"] = f"/api/inboxes/users/{user.id}"
    response.headers["ETag"] = etag(user.version)
    return UserOut.of(user)


@router.get("/users", response_model=list[UserOut], tags=["users"])
async def list_users(
    ctx: Context,
    _: CurrentUser,
    q: Annotated[str | None, Query(max_length=100, description="part of name or username")] = None,
    inbox_id: Annotated[str | None, Query(max_length=64)] = None,
) -> list[UserOut]:
    return [UserOut.of(u) for u in await ctx.users.list_matching(text=q, inbox_id=inbox_id)]


@router.get("/users/{user_id}", response_model=UserOut, tags=["users"])
async def get_user(user_id: UserId, ctx: Context, _: CurrentUser, response: Response) -> UserOut:
    user = await ctx.users.require(user_id)
    response.headers["ETag"] = etag(user.version)
    return UserOut.of(user)


@router.put("/users/{user_id}", response_model=UserOut, tags=["users"])
async def update_user(
    user_id: UserId, body: UserUpdate, version: IfMatchVersion, ctx: Context, admin: AdminUser, response: Response
) -> UserOut:
    """INB-02: name, e-mail, roles, inboxes and "may read confidential"; deactivate with active false."""
    user = await service.update_user(
        users=ctx.users,
        inboxes=ctx.inboxes,
        events=ctx.events,
        caller=admin,
        user_id=user_id,
        expected_version=version,
        name=body.name,
        email=body.email,
        roles=body.roles,
        inbox_ids=body.inbox_ids,
        confidential_inbox_ids=body.confidential_inbox_ids,
        active=body.active,
    )
    response.headers["ETag"] = etag(user.version)
    return UserOut.of(user)


@router.post("", status_code=status.HTTP_201_CREATED, response_model=InboxOut)
async def create_inbox(body: InboxCreate, ctx: Context, admin: AdminUser, response: Response) -> InboxOut:
    inbox = await service.create_inbox(
        inboxes=ctx.inboxes,
        events=ctx.events,
        caller=admin,
        name=body.name,
        kind=body.kind,
        email=body.email,
        notifications=body.notifications,
        reply_time_limit_hours=body.reply_time_limit_hours,
        diary_plan=body.diary_plan,
        inbox_id=body.id,
    )
    response.headers["Location"] = f"/api/inboxes/{inbox.id}"
    response.headers["ETag"] = etag(inbox.version)
    return InboxOut.of(inbox)


@router.get("", response_model=list[InboxOut])
async def list_inboxes(ctx: Context, _: CurrentUser) -> list[InboxOut]:
    return [InboxOut.of(i) for i in await ctx.inboxes.list_all()]


@router.get("/{inbox_id}", response_model=InboxOut)
async def get_inbox(inbox_id: InboxId, ctx: Context, _: CurrentUser, response: Response) -> InboxOut:
    inbox = await ctx.inboxes.require(inbox_id)
    response.headers["ETag"] = etag(inbox.version)
    return InboxOut.of(inbox)


@router.put("/{inbox_id}", response_model=InboxOut)
async def update_inbox(
    inbox_id: InboxId, body: InboxUpdate, version: IfMatchVersion, ctx: Context, admin: AdminUser, response: Response
) -> InboxOut:
    """INB-01: the whole inbox, diary plan included; deactivate with active false."""
    inbox = await service.update_inbox(
        inboxes=ctx.inboxes,
        events=ctx.events,
        caller=admin,
        inbox_id=inbox_id,
        expected_version=version,
        name=body.name,
        kind=body.kind,
        email=body.email,
        notifications=body.notifications,
        reply_time_limit_hours=body.reply_time_limit_hours,
        diary_plan=body.diary_plan,
        active=body.active,
    )
    response.headers["ETag"] = etag(inbox.version)
    return InboxOut.of(inbox)


@router.get("/{inbox_id}/diary-plan", response_model=list[DiaryPlanEntry], tags=["diary plan"])
async def search_diary_plan(
    inbox_id: InboxId,
    ctx: Context,
    _: CurrentUser,
    q: Annotated[str | None, Query(max_length=100, description="part of a case type or category")] = None,
) -> list[DiaryPlanEntry]:
    """CASE-04: the case types whose name or a category contains q, ignoring case and accents; blank lists all."""
    return await service.search_diary_plan(inboxes=ctx.inboxes, inbox_id=inbox_id, text=q)


@router.get("/{inbox_id}/officers", response_model=list[OfficerOut], tags=["users"])
async def search_officers(
    inbox_id: InboxId,
    ctx: Context,
    _: CurrentUser,
    q: Annotated[str | None, Query(max_length=100, description="part of name or username")] = None,
) -> list[OfficerOut]:
    """The active members of the inbox who may be its cases' officer (officer, specialist or external), by name."""
    found = await service.search_officers(inboxes=ctx.inboxes, users=ctx.users, inbox_id=inbox_id, text=q)
    return [OfficerOut.of(u) for u in found]
