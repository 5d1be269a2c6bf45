"""HTTP API of the watch-service under /api/watches."""

from typing import Annotated

from fastapi import APIRouter, Depends, Path
from pydantic import BaseModel

from arendo_contracts.vocabulary import CaseStatus
from arendo_kit.auth import CurrentUser
from arendo_kit.http import from_app_state
from watch_service import service
from watch_service.domain.watchable import WatchKind, available_watch_kinds
from watch_service.store import WatchedCases

router = APIRouter(prefix="/api/watches", tags=["watches"])

Cases = Annotated[WatchedCases, Depends(from_app_state("cases", WatchedCases))]


class WatchableCase(BaseModel):
    case_id: str
    number: str
    status: CaseStatus
    officer_id: str | None
    available_kinds: list[WatchKind]


@router.get("/cases/{case_id}", response_model=WatchableCase)
async def watchable_case(
    case_id: Annotated[str, Path(min_length=1, max_length=64)], cases: Cases, _: CurrentUser
) -> WatchableCase:
    """The case as the watch-service knows it, with the watch kinds that can be set on it now."""
    summary = await service.watchable_case(cases=cases, case_id=case_id)
    return WatchableCase(
        case_id=summary.case_id,
        number=summary.number,
        status=summary.status,
        officer_id=summary.officer_id,
        available_kinds=available_watch_kinds(summary),
    )
