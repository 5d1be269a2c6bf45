"""Use case of case search (CASE-31)."""

from arendo_kit.auth import User
from case_service.domain.access import confidential_inboxes
from case_service.store import CaseRepository, RegisterReplicas
from case_service.store.search import SearchCriteria, SearchResult


async def search_cases(
    *, cases: CaseRepository, registers: RegisterReplicas, caller: User, criteria: SearchCriteria
) -> SearchResult:
    """Only what the caller may read: confidential cases of inboxes they lack permission for never show."""
    reader = await registers.users.get(caller.id)
    return await cases.search(criteria, confidential_inboxes=confidential_inboxes(reader))
