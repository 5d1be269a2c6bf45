"""HTTP API of the case itself: register, read, change the content panel."""

from typing import Annotated

from fastapi import APIRouter, Path, Response, status

from arendo_kit.auth import CurrentUser
from arendo_kit.errors import InvalidInput
from arendo_kit.versioning import IfMatchVersion, etag
from case_service import service
from case_service.api.card import card_out
from case_service.api.deps import Context
from case_service.api.schemas import CaseCreate, CaseOut, CasePatch
from case_service.domain.case import CLEARABLE_FIELDS

router = APIRouter(prefix="/api/cases", tags=["cases"])

CaseId = Annotated[str, Path(min_length=1, max_length=64)]


@router.post("", status_code=status.HTTP_201_CREATED, response_model=CaseOut)
async def create_case(body: CaseCreate, ctx: Context, caller: CurrentUser, response: Response) -> CaseOut:
    """CASE-01: register a case in an inbox; the case number is allocated on this first save."""
    case = await service.create_case(
        cases=ctx.cases,
        numbers=ctx.numbers,
        registers=ctx.registers,
        events=ctx.events,
        caller=caller,
        **body.model_dump(),
    )
    response.headers["Location"] = f"/api/cases/{case.id}"
    response.headers["ETag"] = etag(case.version)
    return await card_out(case, ctx)


@router.get("/{case_id}", response_model=CaseOut)
async def get_case(case_id: CaseId, ctx: Context, caller: CurrentUser, response: Response) -> CaseOut:
    """The card, with the read-only panel (CASE-08): inbox name and handling time computed now."""
    case = await service.get_case(cases=ctx.cases, registers=ctx.registers, caller=caller, case_id=case_id)
    response.headers["ETag"] = etag(case.version)
    return await card_out(case, ctx)


@router.patch("/{case_id}", response_model=CaseOut)
async def update_case(
    case_id: CaseId, body: CasePatch, version: IfMatchVersion, ctx: Context, caller: CurrentUser, response: Response
) -> CaseOut:
    changes = body.model_dump(exclude_unset=True)
    nulls = [field for field, value in changes.items() if value is None and field not in CLEARABLE_FIELDS]
    if nulls:
        raise InvalidInput(f"Fältet {nulls[0]!r} kan inte tömmas", field=nulls[0])
    case = await service.update_case(
        cases=ctx.cases,
        registers=ctx.registers,
        events=ctx.events,
        caller=caller,
        case_id=case_id,
        expected_version=version,
        changes=changes,
    )
    response.headers["ETag"] = etag(case.version)
    return await card_out(case, ctx)
