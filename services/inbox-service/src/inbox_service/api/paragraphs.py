"""HTTP API of the confidentiality paragraphs register (CASE-07)."""

from typing import Annotated

from fastapi import APIRouter, Path, Query, Response, status

from arendo_kit.auth import AdminUser, CurrentUser
from arendo_kit.versioning import IfMatchVersion, etag
from inbox_service import service
from inbox_service.api.deps import Context
from inbox_service.api.register_schemas import ParagraphCreate, ParagraphOut, ParagraphUpdate

PREFIX = "/api/inboxes/registers/confidentiality-paragraphs"
router = APIRouter(prefix=PREFIX, tags=["confidentiality paragraphs"])

ParagraphId = Annotated[str, Path(min_length=1, max_length=64)]
Text = Annotated[str | None, Query(max_length=100, description="part of the code or title; blank lists all")]
IncludeInactive = Annotated[bool, Query(description="also the deactivated ones")]


def _answer(paragraph: ParagraphOut, response: Response) -> ParagraphOut:
    response.headers["ETag"] = etag(paragraph.version)
    return paragraph


@router.post("", status_code=status.HTTP_201_CREATED, response_model=ParagraphOut)
async def create_paragraph(body: ParagraphCreate, ctx: Context, admin: AdminUser, response: Response) -> ParagraphOut:
    paragraph = await service.create_paragraph(
        paragraphs=ctx.paragraphs,
        events=ctx.events,
        caller=admin,
        code=body.code,
        title=body.title,
        description=body.description,
    )
    response.headers["Location"] = f"{PREFIX}/{paragraph.id}"
    return _answer(ParagraphOut.of(paragraph), response)


@router.get("", response_model=list[ParagraphOut])
async def search_paragraphs(
    ctx: Context, _: CurrentUser, q: Text = None, include_inactive: IncludeInactive = False
) -> list[ParagraphOut]:
    return [ParagraphOut.of(p) for p in await ctx.paragraphs.search(text=q, include_inactive=include_inactive)]


@router.get("/{paragraph_id}", response_model=ParagraphOut)
async def get_paragraph(paragraph_id: ParagraphId, ctx: Context, _: CurrentUser, response: Response) -> ParagraphOut:
    return _answer(ParagraphOut.of(await ctx.paragraphs.require(paragraph_id)), response)


@router.put("/{paragraph_id}", response_model=ParagraphOut)
async def update_paragraph(
    paragraph_id: ParagraphId,
    body: ParagraphUpdate,
    version: IfMatchVersion,
    ctx: Context,
    admin: AdminUser,
    response: Response,
) -> ParagraphOut:
    paragraph = await service.update_paragraph(
        paragraphs=ctx.paragraphs,
        events=ctx.events,
        caller=admin,
        paragraph_id=paragraph_id,
        expected_version=version,
        code=body.code,
        title=body.title,
        description=body.description,
        active=body.active,
    )
    return _answer(ParagraphOut.of(paragraph), response)


@router.delete("/{paragraph_id}", response_model=ParagraphOut)
async def deactivate_paragraph(
    paragraph_id: ParagraphId, version: IfMatchVersion, ctx: Context, admin: AdminUser, response: Response
) -> ParagraphOut:
    """Deactivates the paragraph (never removed: confidential cases keep citing it)."""
    paragraph = await service.deactivate_paragraph(
        paragraphs=ctx.paragraphs, events=ctx.events, caller=admin, paragraph_id=paragraph_id, expected_version=version
    )
    return _answer(ParagraphOut.of(paragraph), response)
