"""HTTP API of the case lock (CASE-26): the card locks the case when it opens for editing, keeps
the lock alive with heartbeats while open, and unlocks it when it closes. Any officer may unlock a
case someone else left locked. None of these takes If-Match: a lock is not content, and taking it
twice at once makes one of the two fail (409)."""

from typing import Annotated

from fastapi import APIRouter, Path, Response

from arendo_kit.auth import CurrentUser
from case_service.api.card import card_out
from case_service.api.deps import Context
from case_service.api.schemas import CaseOut
from case_service.service import lock as lock_service

router = APIRouter(prefix="/api/cases", tags=["lock"])

CaseId = Annotated[str, Path(min_length=1, max_length=64)]


@router.post("/{case_id}/lock", response_model=CaseOut)
async def lock_case(case_id: CaseId, ctx: Context, caller: CurrentUser, response: Response) -> CaseOut:
    """Lock the case for the caller (or keep the caller's lock). 409 naming who holds it and since
    when if another officer does and the lock has not expired."""
    case = await lock_service.lock_case(
        cases=ctx.cases, registers=ctx.registers, timers=ctx.timers, events=ctx.events, caller=caller, case_id=case_id
    )
    return await card_out(case, ctx, response)


@router.post("/{case_id}/lock/heartbeat", response_model=CaseOut)
async def keep_lock(case_id: CaseId, ctx: Context, caller: CurrentUser, response: Response) -> CaseOut:
    """The open card's heartbeat: the caller's lock counts for another `lock_expiry_minutes`. The
    case's version (ETag) does not move. 409 when the caller no longer holds the lock."""
    case = await lock_service.keep_lock(
        cases=ctx.cases, registers=ctx.registers, timers=ctx.timers, caller=caller, case_id=case_id
    )
    return await card_out(case, ctx, response)


@router.delete("/{case_id}/lock", response_model=CaseOut)
async def unlock_case(case_id: CaseId, ctx: Context, caller: CurrentUser, response: Response) -> CaseOut:
    """Unlock ("Lås upp ärende"): the holder closing the card, or any officer; recorded as a change."""
    case = await lock_service.unlock_case(
        cases=ctx.cases, registers=ctx.registers, events=ctx.events, caller=caller, case_id=case_id
    )
    return await card_out(case, ctx, response)
