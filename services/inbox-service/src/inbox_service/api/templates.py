"""HTTP API of the templates of an inbox (CASE-21)."""

from typing import Annotated

from fastapi import APIRouter, Path, Query, Response, status

from arendo_contracts.templates import TemplatePurpose
from arendo_kit.auth import AdminUser, CurrentUser
from arendo_kit.versioning import IfMatchVersion, etag
from inbox_service import service
from inbox_service.api.deps import Context
from inbox_service.api.register_schemas import TemplateCreate, TemplateOut, TemplateUpdate

router = APIRouter(prefix="/api/inboxes/{inbox_id}/templates", tags=["templates"])

InboxId = Annotated[str, Path(min_length=1, max_length=64)]
TemplateId = Annotated[str, Path(min_length=1, max_length=64)]


def _answer(template: TemplateOut, response: Response) -> TemplateOut:
    response.headers["ETag"] = etag(template.version)
    return template


@router.post("", status_code=status.HTTP_201_CREATED, response_model=TemplateOut)
async def create_template(
    inbox_id: InboxId, body: TemplateCreate, ctx: Context, admin: AdminUser, response: Response
) -> TemplateOut:
    """An unknown or malformed placeholder is refused (422 naming subject or body and the placeholder)."""
    template = await service.create_template(
        templates=ctx.templates,
        inboxes=ctx.inboxes,
        events=ctx.events,
        caller=admin,
        inbox_id=inbox_id,
        name=body.name,
        purpose=body.purpose,
        subject=body.subject,
        body=body.body,
    )
    response.headers["Location"] = f"/api/inboxes/{inbox_id}/templates/{template.id}"
    return _answer(TemplateOut.of(template), response)


@router.get("", response_model=list[TemplateOut])
async def list_templates(
    inbox_id: InboxId,
    ctx: Context,
    _: CurrentUser,
    purpose: Annotated[TemplatePurpose | None, Query(description="those for this use and those for any")] = None,
    include_inactive: Annotated[bool, Query(description="also the deactivated ones")] = False,
) -> list[TemplateOut]:
    found = await service.list_templates(
        templates=ctx.templates,
        inboxes=ctx.inboxes,
        inbox_id=inbox_id,
        purpose=purpose,
        include_inactive=include_inactive,
    )
    return [TemplateOut.of(t) for t in found]


@router.get("/{template_id}", response_model=TemplateOut)
async def get_template(
    inbox_id: InboxId, template_id: TemplateId, ctx: Context, _: CurrentUser, response: Response
) -> TemplateOut:
    template = await service.get_template(templates=ctx.templates, inbox_id=inbox_id, template_id=template_id)
    return _answer(TemplateOut.of(template), response)


@router.put("/{template_id}", response_model=TemplateOut)
async def update_template(
    inbox_id: InboxId,
    template_id: TemplateId,
    body: TemplateUpdate,
    version: IfMatchVersion,
    ctx: Context,
    admin: AdminUser,
    response: Response,
) -> TemplateOut:
    template = await service.update_template(
        templates=ctx.templates,
        events=ctx.events,
        caller=admin,
        inbox_id=inbox_id,
        template_id=template_id,
        expected_version=version,
        name=body.name,
        purpose=body.purpose,
        subject=body.subject,
        body=body.body,
        active=body.active,
    )
    return _answer(TemplateOut.of(template), response)


@router.delete("/{template_id}", response_model=TemplateOut)
async def deactivate_template(
    inbox_id: InboxId,
    template_id: TemplateId,
    version: IfMatchVersion,
    ctx: Context,
    admin: AdminUser,
    response: Response,
) -> TemplateOut:
    """Deactivates the template (never removed)."""
    template = await service.deactivate_template(
        templates=ctx.templates,
        events=ctx.events,
        caller=admin,
        inbox_id=inbox_id,
        template_id=template_id,
        expected_version=version,
    )
    return _answer(TemplateOut.of(template), response)
