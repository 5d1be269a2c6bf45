"""HTTP API of copy, cut and paste (CASE-29): the caller's own clipboard and pasting it into an inbox.

Fixed paths under /api/cases: this router is included before the case router's /{case_id}. The
clipboard answers its version as ETag; it is the caller's alone, so a change needs no If-Match
(the newest selection wins, as on a desktop clipboard)."""

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Response
from pydantic import BaseModel, ConfigDict, Field

from arendo_contracts.vocabulary import CaseStatus
from arendo_kit.auth import CurrentUser
from arendo_kit.versioning import etag
from case_service.api.deps import Context
from case_service.domain.clipboard import (
    MAX_CASES,
    ClipboardMode,
    PasteContent,
    PasteOutcome,
    PasteRefusal,
    PasteResult,
)
from case_service.domain.labels import STATUS_LABELS
from case_service.service import clipboard as clipboard_service
from case_service.service.clipboard import ClipboardView, PasteReport

router = APIRouter(prefix="/api/cases/clipboard", tags=["clipboard"])

CaseIds = Annotated[list[Annotated[str, Field(min_length=1, max_length=64)]], Field(min_length=1, max_length=MAX_CASES)]

MODE_LABELS = {ClipboardMode.COPY: "Kopierade", ClipboardMode.CUT: "Urklippta"}
OUTCOME_LABELS = {
    PasteOutcome.COPIED: "Kopierat",
    PasteOutcome.MOVED: "Flyttat",
    PasteOutcome.ALREADY_THERE: "Redan i inkorgen",
    PasteOutcome.REFUSED: "Inte inklistrat",
}


class ClipboardPut(BaseModel):
    """Copy or cut the cases marked in the inbox view; replaces what is on the clipboard."""

    model_config = ConfigDict(extra="forbid")

    mode: ClipboardMode
    case_ids: CaseIds = Field(description="each once; cut: only cases the caller is officer of")


class PasteIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    inbox_id: str = Field(min_length=1, max_length=64, description="an active inbox the caller is a member of")
    content: PasteContent | None = Field(
        default=None, description="copy only: whole (deeds and documents, the default) or metadata"
    )


class ClipboardCaseOut(BaseModel):
    case_id: str
    number: str
    title: str
    status: CaseStatus
    status_label: str
    inbox_id: str
    inbox_name: str


class ClipboardOut(BaseModel):
    mode: ClipboardMode | None = Field(description="null when the clipboard is empty")
    mode_label: str | None
    at: datetime | None = Field(description="when the cases were put on the clipboard")
    cases: list[ClipboardCaseOut] = Field(description="the cases on it the caller may still read")
    version: int

    @classmethod
    def of(cls, view: ClipboardView) -> "ClipboardOut":
        clipboard = view.clipboard
        return cls(
            mode=clipboard.mode,
            mode_label=None if clipboard.mode is None else MODE_LABELS[clipboard.mode],
            at=clipboard.at,
            cases=[
                ClipboardCaseOut(
                    case_id=case.id,
                    number=case.number,
                    title=case.title,
                    status=case.status,
                    status_label=STATUS_LABELS.get(case.status, case.status.value),
                    inbox_id=case.inbox_id,
                    inbox_name=view.inbox_names.get(case.inbox_id, case.inbox_id),
                )
                for case in view.cases
            ],
            version=clipboard.version,
        )


class PasteResultOut(BaseModel):
    case_id: str = Field(description="the case on the clipboard")
    number: str | None
    outcome: PasteOutcome
    outcome_label: str
    new_case_id: str | None = Field(description="copied: the new case")
    new_number: str | None
    reason: PasteRefusal | None = Field(description="refused: why")
    detail: str | None
    dropped_case_types: list[str] = Field(description="copied: case types the target inbox's diary plan lacks")

    @classmethod
    def of(cls, result: PasteResult) -> "PasteResultOut":
        return cls(
            case_id=result.case_id,
            number=result.number,
            outcome=result.outcome,
            outcome_label=OUTCOME_LABELS[result.outcome],
            new_case_id=result.new_case_id,
            new_number=result.new_number,
            reason=result.reason,
            detail=result.detail,
            dropped_case_types=list(result.dropped_case_types),
        )


class PasteOut(BaseModel):
    mode: ClipboardMode
    content: PasteContent | None = Field(description="what the copies carry; null for a cut")
    inbox_id: str
    inbox_name: str
    results: list[PasteResultOut]
    clipboard: ClipboardOut = Field(description="after the paste: a copy stays, a cut is emptied")

    @classmethod
    def of(cls, report: PasteReport) -> "PasteOut":
        return cls(
            mode=report.mode,
            content=report.content,
            inbox_id=report.inbox.inbox_id,
            inbox_name=report.inbox.name,
            results=[PasteResultOut.of(result) for result in report.results],
            clipboard=ClipboardOut.of(report.clipboard),
        )


def _answer(view: ClipboardView, response: Response) -> ClipboardOut:
    response.headers["ETag"] = etag(view.clipboard.version)
    return ClipboardOut.of(view)


@router.get("", response_model=ClipboardOut)
async def my_clipboard(ctx: Context, caller: CurrentUser, response: Response) -> ClipboardOut:
    """The caller's clipboard: copy or cut, and the cases on it."""
    view = await clipboard_service.my_clipboard(
        cases=ctx.cases, registers=ctx.registers, clipboards=ctx.clipboards, caller=caller
    )
    return _answer(view, response)


@router.put("", response_model=ClipboardOut)
async def put_cases(body: ClipboardPut, ctx: Context, caller: CurrentUser, response: Response) -> ClipboardOut:
    """Kopiera / Klipp ut: every case must be readable (422 naming it otherwise), and to cut, the
    caller must be officer of every one (403 naming the others). Nothing is stored when refused."""
    view = await clipboard_service.put_on_my_clipboard(
        cases=ctx.cases,
        registers=ctx.registers,
        clipboards=ctx.clipboards,
        caller=caller,
        mode=body.mode,
        case_ids=body.case_ids,
    )
    return _answer(view, response)


@router.delete("", response_model=ClipboardOut)
async def empty_clipboard(ctx: Context, caller: CurrentUser, response: Response) -> ClipboardOut:
    view = await clipboard_service.empty_my_clipboard(
        cases=ctx.cases, registers=ctx.registers, clipboards=ctx.clipboards, caller=caller
    )
    return _answer(view, response)


@router.post("/paste", response_model=PasteOut)
async def paste(body: PasteIn, ctx: Context, caller: CurrentUser) -> PasteOut:
    """Klistra in: copies become new cases in the inbox, related to their originals; cut cases move
    there with their officer, without distribution. Each case is done or refused on its own; the
    answer says which and why."""
    report = await clipboard_service.paste(
        cases=ctx.cases,
        numbers=ctx.numbers,
        registers=ctx.registers,
        clipboards=ctx.clipboards,
        attachments=ctx.attachments,
        events=ctx.events,
        caller=caller,
        inbox_id=body.inbox_id,
        content=body.content,
    )
    return PasteOut.of(report)
