"""HTTP API of internal notes (CASE-17): write a note with attachments, list and filter the
case's notes, delete one."""

from datetime import date, datetime
from enum import StrEnum
from typing import Annotated

from fastapi import APIRouter, Path, Query, Response, status
from pydantic import BaseModel, ConfigDict, Field

from arendo_kit.auth import CurrentUser, User
from arendo_kit.versioning import IfMatchVersion, etag
from case_service.api.deps import Context
from case_service.domain.case import Case, InternalNote
from case_service.domain.deeds import MAX_ATTACHMENTS
from case_service.domain.notes import MAX_NOTE_TEXT, MAX_QUERY, NoteFilter, may_delete
from case_service.service import notes

router = APIRouter(prefix="/api/cases", tags=["notes"])

CaseId = Annotated[str, Path(min_length=1, max_length=64)]
NoteId = Annotated[str, Path(min_length=1, max_length=64)]


class Order(StrEnum):
    ASC = "asc"
    DESC = "desc"


class NoteIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    # Room for surrounding whitespace, which is stripped; the rule then holds the text to the limit.
    text: str = Field(default="", max_length=MAX_NOTE_TEXT + 1_000, description="may be empty when files are attached")
    attachment_ids: list[Annotated[str, Field(min_length=1, max_length=64)]] = Field(
        default_factory=list, max_length=MAX_ATTACHMENTS, description="files uploaded to the case first"
    )


class NoteAttachmentOut(BaseModel):
    file_id: str
    filename: str
    content_type: str
    size: int
    download_url: str


class NoteOut(BaseModel):
    id: str
    text: str
    author_id: str
    author_name: str
    at: datetime
    attachments: list[NoteAttachmentOut]
    may_delete: bool = Field(description="whether the caller may delete it: its author or the case's officer")

    @classmethod
    def of(cls, case: Case, note: InternalNote, caller: User) -> "NoteOut":
        return cls(
            id=note.id,
            text=note.text,
            author_id=note.author_id,
            author_name=note.author_name,
            at=note.at,
            attachments=[
                NoteAttachmentOut(
                    file_id=ref.file_id,
                    filename=ref.filename,
                    content_type=ref.content_type,
                    size=ref.size,
                    download_url=f"/api/cases/{case.id}/attachments/{ref.file_id}",
                )
                for ref in note.attachments
            ],
            may_delete=may_delete(case, note, user_id=caller.id),
        )


class NotesOut(BaseModel):
    case_id: str
    total: int = Field(description="how many notes the case has, whatever the filter")
    notes: list[NoteOut]
    version: int


@router.post("/{case_id}/notes", status_code=status.HTTP_201_CREATED, response_model=NoteOut)
async def add_note(
    case_id: CaseId, body: NoteIn, version: IfMatchVersion, ctx: Context, caller: CurrentUser, response: Response
) -> NoteOut:
    """A note with text, attachments or both; the case's new version is the ETag."""
    case, note = await notes.add_note(
        cases=ctx.cases,
        registers=ctx.registers,
        attachments=ctx.attachments,
        events=ctx.events,
        caller=caller,
        case_id=case_id,
        expected_version=version,
        text=body.text,
        attachment_ids=body.attachment_ids,
    )
    response.headers["ETag"] = etag(case.version)
    return NoteOut.of(case, note, caller)


@router.get("/{case_id}/notes", response_model=NotesOut)
async def list_notes(
    case_id: CaseId,
    ctx: Context,
    caller: CurrentUser,
    response: Response,
    q: Annotated[str | None, Query(max_length=MAX_QUERY, description="part of the text or the author's name")] = None,
    author_id: Annotated[str | None, Query(max_length=64, description="only this author's notes")] = None,
    since: Annotated[date | None, Query(alias="from", description="written on or after this day")] = None,
    until: Annotated[date | None, Query(alias="to", description="written on or before this day")] = None,
    order: Annotated[Order, Query(description="desc: newest first; asc: oldest first")] = Order.DESC,
) -> NotesOut:
    """The case's notes, filtered; the ETag is the case's version."""
    wanted = NoteFilter(q=q, author_id=author_id, since=since, until=until, newest_first=order is Order.DESC)
    case, listed = await notes.list_notes(
        cases=ctx.cases, registers=ctx.registers, caller=caller, case_id=case_id, wanted=wanted
    )
    response.headers["ETag"] = etag(case.version)
    return NotesOut(
        case_id=case.id,
        total=len(case.notes),
        notes=[NoteOut.of(case, note, caller) for note in listed],
        version=case.version,
    )


@router.delete("/{case_id}/notes/{note_id}", response_model=NotesOut)
async def delete_note(
    case_id: CaseId, note_id: NoteId, version: IfMatchVersion, ctx: Context, caller: CurrentUser, response: Response
) -> NotesOut:
    """Its author or the case's officer deletes a note, with its files; the notes left (newest first)
    and the case's new version (ETag)."""
    case = await notes.delete_note(
        cases=ctx.cases,
        registers=ctx.registers,
        events=ctx.events,
        caller=caller,
        case_id=case_id,
        expected_version=version,
        note_id=note_id,
    )
    response.headers["ETag"] = etag(case.version)
    left = sorted(case.notes, key=lambda n: (n.at, n.id), reverse=True)
    return NotesOut(
        case_id=case.id,
        total=len(case.notes),
        notes=[NoteOut.of(case, note, caller) for note in left],
        version=case.version,
    )
