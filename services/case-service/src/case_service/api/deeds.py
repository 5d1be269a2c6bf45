"""HTTP API of deeds and attachments (CASE-22): register a deed by hand, upload and download
attachments, and the document viewer (handlingsvisaren)."""

from datetime import datetime
from enum import StrEnum
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, File, Path, Query, Response, UploadFile, status
from fastapi.responses import StreamingResponse
from pydantic import BaseModel, ConfigDict, Field

from arendo_kit.auth import CurrentUser
from arendo_kit.versioning import IfMatchVersion, etag
from case_service.api.deps import Context
from case_service.api.schemas import DeedOut
from case_service.domain.case import Deed, DeedDirection, DeedKind
from case_service.domain.deeds import MAX_ATTACHMENTS, MAX_BODY, MAX_TITLE, AttachmentRecord
from case_service.service import deeds

router = APIRouter(prefix="/api/cases", tags=["deeds"])

CaseId = Annotated[str, Path(min_length=1, max_length=64)]
FileId = Annotated[str, Path(min_length=1, max_length=64)]


class DeedIn(BaseModel):
    """A deed an officer registers by hand: a phone call log, an internal service note or a service note."""

    model_config = ConfigDict(extra="forbid")

    kind: DeedKind
    title: str | None = Field(default=None, max_length=MAX_TITLE, description="defaults to the kind's name")
    body: str = Field(
        default="",
        max_length=MAX_BODY,
        description="a service note: HTML, stored sanitised (formatting only); a phone call: plain text",
    )
    direction: DeedDirection | None = Field(default=None, description="a phone call: out (default) or in")
    attachment_ids: list[Annotated[str, Field(min_length=1, max_length=64)]] = Field(
        default_factory=list, max_length=MAX_ATTACHMENTS, description="files uploaded to the case first"
    )


class AttachmentRecordOut(BaseModel):
    file_id: str
    filename: str
    content_type: str
    size: int
    sha256: str
    uploaded_by: str
    uploaded_by_name: str
    uploaded_at: datetime
    download_url: str

    @classmethod
    def of(cls, record: AttachmentRecord) -> "AttachmentRecordOut":
        return cls(
            file_id=record.id,
            filename=record.filename,
            content_type=record.content_type,
            size=record.size,
            sha256=record.sha256,
            uploaded_by=record.uploaded_by,
            uploaded_by_name=record.uploaded_by_name,
            uploaded_at=record.uploaded_at,
            download_url=_download_url(record.case_id, record.id),
        )


class AttachmentsOut(BaseModel):
    case_id: str
    attachments: list[AttachmentRecordOut]


class DocumentsOut(BaseModel):
    case_id: str
    number: str
    documents: list[DeedOut]


class Order(StrEnum):
    ASC = "asc"
    DESC = "desc"


@router.post("/{case_id}/deeds", status_code=status.HTTP_201_CREATED, response_model=DeedOut)
async def register_deed(
    case_id: CaseId, body: DeedIn, version: IfMatchVersion, ctx: Context, caller: CurrentUser, response: Response
) -> DeedOut:
    """ "Registrera på ärende": the deed shows in the document viewer; the case's new version is the ETag."""
    case, deed = await deeds.register_deed(
        cases=ctx.cases,
        registers=ctx.registers,
        attachments=ctx.attachments,
        events=ctx.events,
        caller=caller,
        case_id=case_id,
        expected_version=version,
        kind=body.kind,
        title=body.title,
        body=body.body,
        direction=body.direction,
        attachment_ids=body.attachment_ids,
    )
    response.headers["ETag"] = etag(case.version)
    return _deed(deed)


@router.post("/{case_id}/attachments", status_code=status.HTTP_201_CREATED, response_model=AttachmentRecordOut)
async def upload_attachment(
    case_id: CaseId,
    file: Annotated[UploadFile, File(description="the file (multipart/form-data field `file`)")],
    ctx: Context,
    caller: CurrentUser,
    response: Response,
) -> AttachmentRecordOut:
    """Upload a file to the case for a deed to carry. Refused with 413 when larger than the limit,
    422 when its type is not allowed or its content is not what the type says."""
    try:
        record = await deeds.upload_attachment(
            cases=ctx.cases,
            registers=ctx.registers,
            attachments=ctx.attachments,
            caller=caller,
            case_id=case_id,
            filename=file.filename,
            declared_type=file.content_type,
            read=file.read,
            max_bytes=ctx.attachment_max_bytes,
        )
    finally:
        await file.close()
    response.headers["Location"] = _download_url(record.case_id, record.id)
    return AttachmentRecordOut.of(record)


@router.get("/{case_id}/attachments", response_model=AttachmentsOut)
async def list_attachments(case_id: CaseId, ctx: Context, caller: CurrentUser) -> AttachmentsOut:
    """Every file uploaded to the case, in upload order."""
    case, records = await deeds.case_attachments(
        cases=ctx.cases, registers=ctx.registers, attachments=ctx.attachments, caller=caller, case_id=case_id
    )
    return AttachmentsOut(case_id=case.id, attachments=[AttachmentRecordOut.of(r) for r in records])


@router.get(
    "/{case_id}/attachments/{file_id}",
    response_class=StreamingResponse,
    responses={200: {"content": {"application/octet-stream": {}}, "description": "the file"}},
)
async def download_attachment(case_id: CaseId, file_id: FileId, ctx: Context, caller: CurrentUser) -> StreamingResponse:
    """The file, as an attachment with its name."""
    record, content = await deeds.open_attachment(
        cases=ctx.cases,
        registers=ctx.registers,
        attachments=ctx.attachments,
        caller=caller,
        case_id=case_id,
        file_id=file_id,
    )
    headers = {
        "Content-Disposition": content_disposition(record.filename),
        "Content-Length": str(record.size),
        "X-Content-Type-Options": "nosniff",
        "Cache-Control": "private, no-store",
    }
    return StreamingResponse(content, media_type=record.content_type, headers=headers)


@router.get("/{case_id}/documents", response_model=DocumentsOut)
async def documents(
    case_id: CaseId,
    ctx: Context,
    caller: CurrentUser,
    order: Annotated[Order, Query(description="asc: oldest first; desc: newest first")] = Order.ASC,
    kind: Annotated[list[DeedKind] | None, Query(description="only these kinds")] = None,
) -> DocumentsOut:
    """The document viewer: the case's deeds by time with their attachments (also a related case's)."""
    case, listed = await deeds.document_viewer(
        cases=ctx.cases,
        registers=ctx.registers,
        caller=caller,
        case_id=case_id,
        newest_first=order is Order.DESC,
        kinds=kind or (),
    )
    return DocumentsOut(case_id=case.id, number=case.number, documents=[_deed(d) for d in listed])


def content_disposition(filename: str) -> str:
    """`attachment` with an ASCII fallback name and the exact name in RFC 5987 form."""
    fallback = "".join(ch if 0x20 <= ord(ch) < 0x7F and ch not in '"\\;' else "_" for ch in filename)
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename, safe='')}"


def _deed(deed: Deed) -> DeedOut:
    return DeedOut.model_validate(deed.model_dump())


def _download_url(case_id: str, file_id: str) -> str:
    return f"/api/cases/{case_id}/attachments/{file_id}"
