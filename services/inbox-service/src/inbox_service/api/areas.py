"""HTTP API of the areas register (CASE-05): reads for everyone signed in, changes for admins."""

from typing import Annotated

from fastapi import APIRouter, Path, Query, Response, status

from arendo_kit.auth import AdminUser, CurrentUser
from arendo_kit.versioning import IfMatchVersion, etag
from inbox_service import service
from inbox_service.api.deps import Context
from inbox_service.api.register_schemas import AreaCreate, AreaOut, AreaUpdate

PREFIX = "/api/inboxes/registers/areas"
router = APIRouter(prefix=PREFIX, tags=["areas"])

AreaId = Annotated[str, Path(min_length=1, max_length=64)]
Text = Annotated[str | None, Query(max_length=100, description="part of the name; blank lists all")]
IncludeInactive = Annotated[bool, Query(description="also the deactivated ones")]


def _answer(area: AreaOut, response: Response) -> AreaOut:
    response.headers["ETag"] = etag(area.version)
    return area


@router.post("", status_code=status.HTTP_201_CREATED, response_model=AreaOut)
async def create_area(body: AreaCreate, ctx: Context, admin: AdminUser, response: Response) -> AreaOut:
    area = await service.create_area(
        areas=ctx.areas, events=ctx.events, caller=admin, name=body.name, description=body.description
    )
    response.headers["Location"] = f"{PREFIX}/{area.id}"
    return _answer(AreaOut.of(area), response)


@router.get("", response_model=list[AreaOut])
async def search_areas(
    ctx: Context, _: CurrentUser, q: Text = None, include_inactive: IncludeInactive = False
) -> list[AreaOut]:
    return [AreaOut.of(a) for a in await ctx.areas.search(text=q, include_inactive=include_inactive)]


@router.get("/{area_id}", response_model=AreaOut)
async def get_area(area_id: AreaId, ctx: Context, _: CurrentUser, response: Response) -> AreaOut:
    return _answer(AreaOut.of(await ctx.areas.require(area_id)), response)


@router.put("/{area_id}", response_model=AreaOut)
async def update_area(
    area_id: AreaId, body: AreaUpdate, version: IfMatchVersion, ctx: Context, admin: AdminUser, response: Response
) -> AreaOut:
    area = await service.update_area(
        areas=ctx.areas,
        events=ctx.events,
        caller=admin,
        area_id=area_id,
        expected_version=version,
        name=body.name,
        description=body.description,
        active=body.active,
    )
    return _answer(AreaOut.of(area), response)


@router.delete("/{area_id}", response_model=AreaOut)
async def deactivate_area(
    area_id: AreaId, version: IfMatchVersion, ctx: Context, admin: AdminUser, response: Response
) -> AreaOut:
    """Deactivates the area (it is never removed: old cases keep referring to it)."""
    area = await service.deactivate_area(
        areas=ctx.areas, events=ctx.events, caller=admin, area_id=area_id, expected_version=version
    )
    return _answer(AreaOut.of(area), response)
