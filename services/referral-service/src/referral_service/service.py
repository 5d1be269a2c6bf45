"""Use cases of the referral-service."""

from arendo_contracts.events.case import CaseSummary
from arendo_kit.errors import NotFound
from referral_service.domain.cases import visible_without_permission
from referral_service.store import KnownCases


async def referable_case(*, cases: KnownCases, case_id: str) -> CaseSummary:
    summary = await cases.replica.get(case_id)
    if summary is None or not visible_without_permission(summary):
        raise NotFound("Ärendet finns inte")
    return summary
