"""HTTP API of where a case is and who handles it: status, return to customer service."""

from typing import Annotated

from fastapi import APIRouter, Path, Response

from arendo_kit.auth import CurrentUser
from arendo_kit.versioning import IfMatchVersion, etag
from case_service import service
from case_service.api.deps import Context
from case_service.api.schemas import CaseOut, ReturnToCustomerService, StatusChange
from case_service.domain.life_cycle import CloseConsent

router = APIRouter(prefix="/api/cases", tags=["routing"])

CaseId = Annotated[str, Path(min_length=1, max_length=64)]


@router.put("/{case_id}/status", response_model=CaseOut)
async def change_status(
    case_id: CaseId, body: StatusChange, version: IfMatchVersion, ctx: Context, caller: CurrentUser, response: Response
) -> CaseOut:
    """CASE-23: only the case's officer, or anyone when it has none. Closing follows CASE-27 (409
    naming `confirmed` or `close_unanswered` when the system settings ask for a confirmation not
    given; not while a specialist group's feedback is required, INB-06); leaving "closed" reopens
    the case (CASE-28)."""
    case = await service.set_status(
        cases=ctx.cases,
        registers=ctx.registers,
        events=ctx.events,
        caller=caller,
        case_id=case_id,
        expected_version=version,
        status=body.status,
        consent=CloseConsent(confirmed=body.confirmed, close_unanswered=body.close_unanswered),
    )
    response.headers["ETag"] = etag(case.version)
    return CaseOut.of(case)


@router.post("/{case_id}/return-to-customer-service", response_model=CaseOut)
async def return_to_customer_service(
    case_id: CaseId,
    body: ReturnToCustomerService,
    version: IfMatchVersion,
    ctx: Context,
    caller: CurrentUser,
    response: Response,
) -> CaseOut:
    """INB-06 "Åter till kundtjänst": the specialist group hands the case back to where it came from."""
    case = await service.return_case_to_customer_service(
        cases=ctx.cases,
        registers=ctx.registers,
        events=ctx.events,
        caller=caller,
        case_id=case_id,
        expected_version=version,
        note=body.note,
    )
    response.headers["ETag"] = etag(case.version)
    return CaseOut.of(case)
