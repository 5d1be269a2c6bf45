"""HTTP API of the referral-service under /api/referrals."""

from typing import Annotated

from fastapi import APIRouter, Depends, Path
from pydantic import BaseModel

from arendo_contracts.vocabulary import CaseStatus
from arendo_kit.auth import CurrentUser
from arendo_kit.http import from_app_state
from referral_service import service
from referral_service.domain.cases import case_token, may_refer
from referral_service.store import KnownCases

router = APIRouter(prefix="/api/referrals", tags=["referrals"])

Cases = Annotated[KnownCases, Depends(from_app_state("cases", KnownCases))]


class ReferableCase(BaseModel):
    case_id: str
    number: str
    title: str
    status: CaseStatus
    inbox_id: str
    subject_token: str
    may_refer: bool


@router.get("/cases/{case_id}", response_model=ReferableCase)
async def referable_case(
    case_id: Annotated[str, Path(min_length=1, max_length=64)], cases: Cases, _: CurrentUser
) -> ReferableCase:
    """The case as the referral-service knows it, and whether a referral may be sent from it."""
    summary = await service.referable_case(cases=cases, case_id=case_id)
    return ReferableCase(
        case_id=summary.case_id,
        number=summary.number,
        title=summary.title,
        status=summary.status,
        inbox_id=summary.inbox_id,
        subject_token=case_token(summary.number),
        may_refer=may_refer(summary),
    )
