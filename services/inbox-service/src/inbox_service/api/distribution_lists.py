"""HTTP API of the distribution lists register (REF-01)."""

from typing import Annotated

from fastapi import APIRouter, Path, Query, Response, status

from arendo_kit.auth import AdminUser, CurrentUser
from arendo_kit.versioning import IfMatchVersion, etag
from inbox_service import service
from inbox_service.api.deps import Context
from inbox_service.api.register_schemas import DistributionListCreate, DistributionListOut, DistributionListUpdate

PREFIX = "/api/inboxes/registers/distribution-lists"
router = APIRouter(prefix=PREFIX, tags=["distribution lists"])

ListId = Annotated[str, Path(min_length=1, max_length=64)]
Text = Annotated[str | None, Query(max_length=100, description="part of the name; blank lists all")]
IncludeInactive = Annotated[bool, Query(description="also the deactivated ones")]


def _answer(distribution_list: DistributionListOut, response: Response) -> DistributionListOut:
    response.headers["ETag"] = etag(distribution_list.version)
    return distribution_list


@router.post("", status_code=status.HTTP_201_CREATED, response_model=DistributionListOut)
async def create_distribution_list(
    body: DistributionListCreate, ctx: Context, admin: AdminUser, response: Response
) -> DistributionListOut:
    created = await service.create_distribution_list(
        distribution_lists=ctx.distribution_lists,
        events=ctx.events,
        caller=admin,
        name=body.name,
        recipients=[r.recipient() for r in body.recipients],
    )
    response.headers["Location"] = f"{PREFIX}/{created.id}"
    return _answer(DistributionListOut.of(created), response)


@router.get("", response_model=list[DistributionListOut])
async def search_distribution_lists(
    ctx: Context, _: CurrentUser, q: Text = None, include_inactive: IncludeInactive = False
) -> list[DistributionListOut]:
    found = await ctx.distribution_lists.search(text=q, include_inactive=include_inactive)
    return [DistributionListOut.of(d) for d in found]


@router.get("/{distribution_list_id}", response_model=DistributionListOut)
async def get_distribution_list(
    distribution_list_id: ListId, ctx: Context, _: CurrentUser, response: Response
) -> DistributionListOut:
    return _answer(DistributionListOut.of(await ctx.distribution_lists.require(distribution_list_id)), response)


@router.put("/{distribution_list_id}", response_model=DistributionListOut)
async def update_distribution_list(
    distribution_list_id: ListId,
    body: DistributionListUpdate,
    version: IfMatchVersion,
    ctx: Context,
    admin: AdminUser,
    response: Response,
) -> DistributionListOut:
    changed = await service.update_distribution_list(
        distribution_lists=ctx.distribution_lists,
        events=ctx.events,
        caller=admin,
        distribution_list_id=distribution_list_id,
        expected_version=version,
        name=body.name,
        recipients=[r.recipient() for r in body.recipients],
        active=body.active,
    )
    return _answer(DistributionListOut.of(changed), response)


@router.delete("/{distribution_list_id}", response_model=DistributionListOut)
async def deactivate_distribution_list(
    distribution_list_id: ListId, version: IfMatchVersion, ctx: Context, admin: AdminUser, response: Response
) -> DistributionListOut:
    """Deactivates the list (never removed: sent referrals keep naming it)."""
    changed = await service.deactivate_distribution_list(
        distribution_lists=ctx.distribution_lists,
        events=ctx.events,
        caller=admin,
        distribution_list_id=distribution_list_id,
        expected_version=version,
    )
    return _answer(DistributionListOut.of(changed), response)
