"""HTTP API of the organisation tree (CASE-05): every organisation is answered with its path."""

from typing import Annotated

from fastapi import APIRouter, Path, Query, Response, status

from arendo_kit.auth import AdminUser, CurrentUser
from arendo_kit.versioning import IfMatchVersion, etag
from inbox_service import service
from inbox_service.api.deps import Context
from inbox_service.api.register_schemas import OrganisationCreate, OrganisationOut, OrganisationUpdate
from inbox_service.domain.organisations import Organisation

PREFIX = "/api/inboxes/registers/organisations"
router = APIRouter(prefix=PREFIX, tags=["organisations"])

OrganisationId = Annotated[str, Path(min_length=1, max_length=64)]
Text = Annotated[str | None, Query(max_length=100, description="part of the name; blank lists all")]
IncludeInactive = Annotated[bool, Query(description="also the deactivated ones")]


def _answer(found: tuple[Organisation, list[str]], response: Response) -> OrganisationOut:
    organisation, path = found
    response.headers["ETag"] = etag(organisation.version)
    return OrganisationOut.of(organisation, path)


@router.post("", status_code=status.HTTP_201_CREATED, response_model=OrganisationOut)
async def create_organisation(
    body: OrganisationCreate, ctx: Context, admin: AdminUser, response: Response
) -> OrganisationOut:
    created = await service.create_organisation(
        organisations=ctx.organisations, events=ctx.events, caller=admin, name=body.name, parent_id=body.parent_id
    )
    response.headers["Location"] = f"{PREFIX}/{created[0].id}"
    return _answer(created, response)


@router.get("", response_model=list[OrganisationOut])
async def search_organisations(
    ctx: Context, _: CurrentUser, q: Text = None, include_inactive: IncludeInactive = False
) -> list[OrganisationOut]:
    """Organisations whose name contains q (case- and accent-insensitively), ordered as the tree."""
    found = await service.search_organisations(
        organisations=ctx.organisations, text=q, include_inactive=include_inactive
    )
    return [OrganisationOut.of(organisation, path) for organisation, path in found]


@router.get("/{organisation_id}", response_model=OrganisationOut)
async def get_organisation(
    organisation_id: OrganisationId, ctx: Context, _: CurrentUser, response: Response
) -> OrganisationOut:
    found = await service.get_organisation(organisations=ctx.organisations, organisation_id=organisation_id)
    return _answer(found, response)


@router.put("/{organisation_id}", response_model=OrganisationOut)
async def update_organisation(
    organisation_id: OrganisationId,
    body: OrganisationUpdate,
    version: IfMatchVersion,
    ctx: Context,
    admin: AdminUser,
    response: Response,
) -> OrganisationOut:
    """Rename, move (parent_id) or (de)activate; a move below itself is refused."""
    changed = await service.update_organisation(
        organisations=ctx.organisations,
        events=ctx.events,
        caller=admin,
        organisation_id=organisation_id,
        expected_version=version,
        name=body.name,
        parent_id=body.parent_id,
        active=body.active,
    )
    return _answer(changed, response)


@router.delete("/{organisation_id}", response_model=OrganisationOut)
async def deactivate_organisation(
    organisation_id: OrganisationId, version: IfMatchVersion, ctx: Context, admin: AdminUser, response: Response
) -> OrganisationOut:
    """Deactivates the organisation (never removed); 409 while it has active units below it."""
    changed = await service.deactivate_organisation(
        organisations=ctx.organisations,
        events=ctx.events,
        caller=admin,
        organisation_id=organisation_id,
        expected_version=version,
    )
    return _answer(changed, response)
