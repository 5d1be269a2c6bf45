"""HTTP API of closing and reopening a case (CASE-27, CASE-28)."""

from typing import Annotated

from fastapi import APIRouter, Path, Response
from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from arendo_contracts.vocabulary import CaseStatus
from arendo_kit.auth import CurrentUser
from arendo_kit.versioning import IfMatchVersion
from case_service.api.card import card_out
from case_service.api.deps import Context
from case_service.api.schemas import CaseOut
from case_service.domain.life_cycle import MAX_REOPEN_NOTE, CloseConsent
from case_service.service import life_cycle
from case_service.service.routing import RefusalReason, StatusOutcome

router = APIRouter(prefix="/api/cases", tags=["life cycle"])

CaseId = Annotated[str, Path(min_length=1, max_length=64)]


class SubCaseOut(BaseModel):
    case_id: str
    number: str
    title: str
    status: CaseStatus
    unanswered_warning: bool = Field(description="its customer wants an answer and has none")


class ClosingOut(BaseModel):
    """What the close dialog asks before `POST /close`."""

    case_id: str
    version: int
    closable: bool = Field(description="whether the caller may close the case now")
    refusal: str | None = Field(description="why not, in Swedish (officer rule, feedback required, already closed)")
    confirm_required: bool = Field(description="send `confirmed: true` (system setting)")
    unanswered_warning: bool = Field(
        description="the customer wants an answer and has none: send `close_unanswered: true` to close anyway"
    )
    offer_close_sub_cases: bool = Field(description="send `close_sub_cases: true|false` (open sub-cases, setting)")
    open_sub_cases: list[SubCaseOut]
    notes_to_delete: int = Field(description="internal notes deleted by closing")


class CloseIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    confirmed: bool = Field(default=False, description="the closing is confirmed")
    close_unanswered: bool = Field(default=False, description="close although the customer is unanswered")
    close_sub_cases: bool | None = Field(
        default=None, description="close the open sub-cases too; required while there are any (setting)"
    )
    reopen_at: AwareDatetime | None = Field(default=None, description="plan a reopening at this future time")
    reopen_reason: str | None = Field(default=None, max_length=MAX_REOPEN_NOTE, description="why, for the plan")


class SubCaseClosedOut(BaseModel):
    case_id: str
    outcome: StatusOutcome
    reason: RefusalReason | None = None
    detail: str | None = Field(default=None, description="why not, in Swedish")
    number: str | None = None
    version: int | None = Field(default=None, description="the sub-case's version after the attempt")


class ClosedOut(BaseModel):
    case: CaseOut
    sub_cases: list[SubCaseClosedOut] = Field(description="each open sub-case, when asked to close them too")


class ReopenIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    at: AwareDatetime | None = Field(default=None, description="a future time plans the reopening; else now")
    reason: str | None = Field(default=None, max_length=MAX_REOPEN_NOTE, description="why, for the event log")


@router.get("/{case_id}/closing", response_model=ClosingOut)
async def closing(case_id: CaseId, ctx: Context, caller: CurrentUser) -> ClosingOut:
    """CASE-27: what closing the case will ask and do, for the close dialog."""
    case, questions = await life_cycle.closing_dialog(
        cases=ctx.cases, registers=ctx.registers, caller=caller, case_id=case_id
    )
    return ClosingOut(
        case_id=case.id,
        version=case.version,
        closable=questions.closable,
        refusal=questions.refusal,
        confirm_required=questions.confirm_required,
        unanswered_warning=questions.unanswered_warning,
        offer_close_sub_cases=questions.offer_sub_cases,
        open_sub_cases=[
            SubCaseOut(
                case_id=sub.case_id,
                number=sub.number,
                title=sub.title,
                status=sub.status,
                unanswered_warning=sub.unanswered_warning,
            )
            for sub in questions.open_sub_cases
        ],
        notes_to_delete=questions.notes_to_delete,
    )


@router.post("/{case_id}/close", response_model=ClosedOut)
async def close(
    case_id: CaseId, body: CloseIn, version: IfMatchVersion, ctx: Context, caller: CurrentUser, response: Response
) -> ClosedOut:
    """CASE-27 "Avsluta": closing date set, internal notes deleted, `case.closed.v1` published. A
    confirmation the system settings ask for and was not given is a 409 naming `confirmed`,
    `close_unanswered` or `close_sub_cases`; nothing is changed then."""
    result = await life_cycle.close(
        cases=ctx.cases,
        registers=ctx.registers,
        events=ctx.events,
        timers=ctx.timers,
        caller=caller,
        case_id=case_id,
        expected_version=version,
        consent=CloseConsent(confirmed=body.confirmed, close_unanswered=body.close_unanswered),
        close_sub_cases=body.close_sub_cases,
        reopen_on=body.reopen_at,
        reopen_reason=body.reopen_reason,
    )
    return ClosedOut(
        case=await card_out(result.case, ctx, response),
        sub_cases=[
            SubCaseClosedOut(
                case_id=sub.case_id,
                outcome=sub.outcome,
                reason=sub.reason,
                detail=sub.detail,
                number=sub.case.number if sub.case is not None else None,
                version=sub.case.version if sub.case is not None else None,
            )
            for sub in result.sub_cases
        ],
    )


@router.post("/{case_id}/reopen", response_model=CaseOut)
async def reopen(
    case_id: CaseId, body: ReopenIn, version: IfMatchVersion, ctx: Context, caller: CurrentUser, response: Response
) -> CaseOut:
    """CASE-28 "Återöppna" a closed case: now (status reopened, `case.reopened.v1`), or at a later
    time (`scheduled_reopen`, fired by a durable timer). 409 when the case is not closed."""
    case = await life_cycle.reopen(
        cases=ctx.cases,
        registers=ctx.registers,
        events=ctx.events,
        timers=ctx.timers,
        caller=caller,
        case_id=case_id,
        expected_version=version,
        at=body.at,
        reason=body.reason,
    )
    return await card_out(case, ctx, response)


@router.delete("/{case_id}/scheduled-reopen", response_model=CaseOut)
async def cancel_scheduled_reopen(
    case_id: CaseId, version: IfMatchVersion, ctx: Context, caller: CurrentUser, response: Response
) -> CaseOut:
    """Drop the planned reopening; 404 when none is planned."""
    case = await life_cycle.cancel_reopen(
        cases=ctx.cases,
        registers=ctx.registers,
        events=ctx.events,
        timers=ctx.timers,
        caller=caller,
        case_id=case_id,
        expected_version=version,
    )
    return await card_out(case, ctx, response)
