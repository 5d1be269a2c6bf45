"""HTTP API of the alerts tab (CASE-16): list the case's alerts, remove one."""

from typing import Annotated

from fastapi import APIRouter, Path, Response
from pydantic import BaseModel

from arendo_kit.auth import CurrentUser
from arendo_kit.versioning import IfMatchVersion, etag
from case_service.api.deps import Context
from case_service.api.schemas import AlertOut
from case_service.domain.case import Case
from case_service.service import alerts

router = APIRouter(prefix="/api/cases", tags=["alerts"])

CaseId = Annotated[str, Path(min_length=1, max_length=64)]
AlertId = Annotated[str, Path(min_length=1, max_length=64)]


class AlertsOut(BaseModel):
    case_id: str
    alerts: list[AlertOut]
    version: int


@router.get("/{case_id}/alerts", response_model=AlertsOut)
async def list_alerts(case_id: CaseId, ctx: Context, caller: CurrentUser, response: Response) -> AlertsOut:
    """The alerts tab, oldest first."""
    case = await alerts.list_alerts(cases=ctx.cases, registers=ctx.registers, caller=caller, case_id=case_id)
    return _alerts(case, response)


@router.delete("/{case_id}/alerts/{alert_id}", response_model=AlertsOut)
async def remove_alert(
    case_id: CaseId, alert_id: AlertId, version: IfMatchVersion, ctx: Context, caller: CurrentUser, response: Response
) -> AlertsOut:
    """An officer removes an alert; the alerts left and the case's new version (ETag)."""
    case = await alerts.dismiss_alert(
        cases=ctx.cases,
        registers=ctx.registers,
        events=ctx.events,
        caller=caller,
        case_id=case_id,
        expected_version=version,
        alert_id=alert_id,
    )
    return _alerts(case, response)


def _alerts(case: Case, response: Response) -> AlertsOut:
    response.headers["ETag"] = etag(case.version)
    ordered = sorted(case.alerts, key=lambda a: (a.raised_at, a.id))
    return AlertsOut(
        case_id=case.id, alerts=[AlertOut.model_validate(a.model_dump()) for a in ordered], version=case.version
    )
