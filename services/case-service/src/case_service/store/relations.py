"""Look-ups of several cases at once, for the relations tab (CASE-13)."""

from collections.abc import Iterable

from case_service.domain.case import Case
from case_service.store.cases import CaseRepository

MAX_CASES = 1_000


async def cases_by_id(cases: CaseRepository, case_ids: Iterable[str]) -> dict[str, Case]:
    ids = sorted(set(case_ids))
    if not ids:
        return {}
    docs = await cases.collection.find({"_id": {"$in": ids}}).limit(MAX_CASES).to_list()
    return {doc["_id"]: cases.from_document(doc) for doc in docs}
