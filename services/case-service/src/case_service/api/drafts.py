"""HTTP API of drafts, "Mina utkast" (CASE-20): an officer's unfinished service notes and replies.

Included before the case router: `/api/cases/drafts...` are fixed paths that `/api/cases/{case_id}`
would otherwise take. A draft is its author's alone; anyone else is answered 404."""

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Path, Query, Response, status
from pydantic import BaseModel, ConfigDict, Field, computed_field

from arendo_kit.auth import CurrentUser
from arendo_kit.versioning import IfMatchVersion, etag
from case_service.api.deps import Context
from case_service.api.schemas import DeedOut
from case_service.domain.case import BodyFormat, Case
from case_service.domain.deeds import MAX_ATTACHMENTS, MAX_BODY, MAX_TITLE
from case_service.domain.drafts import DRAFT_KIND_LABELS, Draft, DraftKind
from case_service.service import drafts

router = APIRouter(prefix="/api/cases", tags=["drafts"])

CaseId = Annotated[str, Path(min_length=1, max_length=64)]
DraftId = Annotated[str, Path(min_length=1, max_length=64)]
AttachmentIds = list[Annotated[str, Field(min_length=1, max_length=64)]]


class DraftContentIn(BaseModel):
    """What the officer has written so far; a draft may still be empty."""

    model_config = ConfigDict(extra="forbid")

    title: str | None = Field(default=None, max_length=MAX_TITLE, description="a note's heading or a reply's subject")
    body: str = Field(default="", max_length=MAX_BODY, description="HTML (stored sanitised); an SMS reply: plain text")
    attachment_ids: AttachmentIds = Field(
        default_factory=list, max_length=MAX_ATTACHMENTS, description="files uploaded to the case first"
    )


class DraftIn(DraftContentIn):
    kind: DraftKind


class _DraftBase(BaseModel):
    id: str
    case_id: str
    case_number: str | None = Field(description="null when the case can no longer be read")
    case_title: str | None
    kind: DraftKind
    title: str
    created_at: datetime
    updated_at: datetime
    version: int

    @computed_field(description="the kind as the officer sees it")  # type: ignore[prop-decorator]
    @property
    def kind_label(self) -> str:
        return DRAFT_KIND_LABELS[self.kind]


class DraftOut(_DraftBase):
    body: str
    body_format: BodyFormat
    attachment_ids: list[str]

    @classmethod
    def of(cls, draft: Draft, case: Case | None) -> "DraftOut":
        return cls.model_validate(
            {
                **_base(draft, case),
                "body": draft.body,
                "body_format": draft.body_format,
                "attachment_ids": list(draft.attachment_ids),
            }
        )


class DraftListItem(_DraftBase):
    excerpt: str = Field(description="the start of the text, without formatting")

    @classmethod
    def of(cls, draft: Draft, case: Case | None) -> "DraftListItem":
        return cls.model_validate({**_base(draft, case), "excerpt": draft.excerpt})


class DraftsPage(BaseModel):
    items: list[DraftListItem]
    total: int
    page: int
    page_size: int


class FinishedOut(BaseModel):
    case_id: str
    case_number: str
    case_version: int
    deed: DeedOut


def _base(draft: Draft, case: Case | None) -> dict[str, object]:
    return {
        "id": draft.id,
        "case_id": draft.case_id,
        "case_number": case.number if case else None,
        "case_title": case.title if case else None,
        "kind": draft.kind,
        "title": draft.title,
        "created_at": draft.created_at,
        "updated_at": draft.updated_at,
        "version": draft.version,
    }


@router.get("/drafts", response_model=DraftsPage)
async def my_drafts(
    ctx: Context,
    caller: CurrentUser,
    page: Annotated[int, Query(ge=1, le=10_000)] = 1,
    page_size: Annotated[int, Query(ge=1, le=200)] = 25,
) -> DraftsPage:
    """ "Mina utkast": the caller's own drafts, the latest change first."""
    found = await drafts.my_drafts(
        cases=ctx.cases, registers=ctx.registers, drafts=ctx.drafts, caller=caller, page=page, size=page_size
    )
    return DraftsPage(
        items=[DraftListItem.of(item.draft, item.case) for item in found.items],
        total=found.total,
        page=page,
        page_size=page_size,
    )


@router.get("/drafts/{draft_id}", response_model=DraftOut)
async def get_draft(draft_id: DraftId, ctx: Context, caller: CurrentUser, response: Response) -> DraftOut:
    """Resume writing: the whole draft; its version is the ETag to change it with."""
    found = await drafts.my_draft(
        cases=ctx.cases, registers=ctx.registers, drafts=ctx.drafts, caller=caller, draft_id=draft_id
    )
    response.headers["ETag"] = etag(found.draft.version)
    return DraftOut.of(found.draft, found.case)


@router.put("/drafts/{draft_id}", response_model=DraftOut)
async def change_draft(
    draft_id: DraftId,
    body: DraftContentIn,
    version: IfMatchVersion,
    ctx: Context,
    caller: CurrentUser,
    response: Response,
) -> DraftOut:
    """Save the draft again with what is written now (its kind and case stay)."""
    draft, case = await drafts.change_draft(
        cases=ctx.cases,
        registers=ctx.registers,
        attachments=ctx.attachments,
        drafts=ctx.drafts,
        caller=caller,
        draft_id=draft_id,
        expected_version=version,
        title=body.title,
        body=body.body,
        attachment_ids=body.attachment_ids,
    )
    response.headers["ETag"] = etag(draft.version)
    return DraftOut.of(draft, case)


@router.delete("/drafts/{draft_id}", status_code=status.HTTP_204_NO_CONTENT)
async def discard_draft(draft_id: DraftId, version: IfMatchVersion, ctx: Context, caller: CurrentUser) -> Response:
    """ "Kasta utkast": gone for good, with the files uploaded for it that nothing else carries."""
    await drafts.discard_draft(
        cases=ctx.cases,
        attachments=ctx.attachments,
        drafts=ctx.drafts,
        caller=caller,
        draft_id=draft_id,
        expected_version=version,
    )
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post("/drafts/{draft_id}/finish", response_model=FinishedOut)
async def finish_draft(
    draft_id: DraftId, version: IfMatchVersion, ctx: Context, caller: CurrentUser, response: Response
) -> FinishedOut:
    """ "Slutför": a note draft is registered on its case as a deed and the draft removed; the
    case's new version is the ETag. A reply draft is sent from the reply dialog instead (409)."""
    case, deed = await drafts.finish_draft(
        cases=ctx.cases,
        registers=ctx.registers,
        attachments=ctx.attachments,
        drafts=ctx.drafts,
        events=ctx.events,
        caller=caller,
        draft_id=draft_id,
        expected_version=version,
    )
    response.headers["ETag"] = etag(case.version)
    return FinishedOut(
        case_id=case.id,
        case_number=case.number,
        case_version=case.version,
        deed=DeedOut.model_validate(deed.model_dump()),
    )


@router.post("/{case_id}/drafts", status_code=status.HTTP_201_CREATED, response_model=DraftOut)
async def save_draft(case_id: CaseId, body: DraftIn, ctx: Context, caller: CurrentUser, response: Response) -> DraftOut:
    """ "Spara som utkast": a new draft on a case the caller may read; the case is not changed."""
    draft, case = await drafts.save_draft(
        cases=ctx.cases,
        registers=ctx.registers,
        attachments=ctx.attachments,
        drafts=ctx.drafts,
        caller=caller,
        case_id=case_id,
        kind=body.kind,
        title=body.title,
        body=body.body,
        attachment_ids=body.attachment_ids,
    )
    response.headers["Location"] = f"/api/cases/drafts/{draft.id}"
    response.headers["ETag"] = etag(draft.version)
    return DraftOut.of(draft, case)
