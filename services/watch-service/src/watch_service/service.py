"""Use cases of the watch-service."""

from arendo_contracts.events.case import CaseSummary
from arendo_kit.errors import NotFound
from watch_service.store import WatchedCases


async def watchable_case(*, cases: WatchedCases, case_id: str) -> CaseSummary:
    summary = await cases.replica.get(case_id)
    # Without a replica of users' permissions a confidential case stays hidden here.
    if summary is None or summary.confidential:
        raise NotFound("Ärendet finns inte")
    return summary
