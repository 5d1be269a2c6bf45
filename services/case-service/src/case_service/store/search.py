"""Case search (CASE-31) over the cases collection: the derived search fields stored with each
case, and the query."""

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from arendo_contracts.vocabulary import CaseStatus
from arendo_kit.mongo import Document, IndexSpec
from arendo_kit.text import fold
from case_service.domain.case import Case
from case_service.domain.search import index_tokens, looks_like_case_number, query_terms

CASES = "cases"
SEARCH_FIELDS = ("search_tokens", "customer_folded", "case_type_names")
INDEXES = (
    IndexSpec(CASES, [("search_tokens", 1)]),
    IndexSpec(CASES, [("registered_at", -1)]),
)
MAX_CANDIDATES = 5_000
_ONE_MS = timedelta(milliseconds=1)


def search_fields(case: Case) -> dict[str, Any]:
    summary = case.summary()
    fields: dict[str, Any] = {
        "search_tokens": index_tokens(
            [summary.number, summary.title, case.description, summary.customer_display_name, *summary.case_types]
        ),
        "case_type_names": list(summary.case_types),
    }
    if summary.customer_display_name:
        fields["customer_folded"] = fold(summary.customer_display_name)
    return fields


@dataclass(frozen=True)
class SearchCriteria:
    number: str | None = None
    text: str | None = None
    customer: str | None = None
    statuses: tuple[CaseStatus, ...] = ()
    inbox_id: str | None = None
    case_type: str | None = None
    registered_from: datetime | None = None
    registered_to: datetime | None = None
    page: int = 1
    page_size: int = 25


@dataclass(frozen=True)
class SearchResult:
    cases: list[Case]
    total: int
    truncated: bool


def search_plan(
    criteria: SearchCriteria, confidential_inboxes: frozenset[str]
) -> tuple[dict[str, Any], list[frozenset[str]]]:
    """The MongoDB filter that picks candidates, and the words every hit must also contain."""
    terms = query_terms(criteria.text or "")
    match = _match(criteria, confidential_inboxes)
    if terms:
        # The most specific word picks the candidates; the others are checked on them.
        driver = max(terms, key=lambda forms: max(len(f) for f in forms))
        match["search_tokens"] = {"$in": sorted(driver)}
    return match, terms


def matches_all(doc: Document, terms: list[frozenset[str]]) -> bool:
    tokens = set(doc.get("search_tokens", ()))
    return all(tokens & term for term in terms)


def _match(criteria: SearchCriteria, confidential_inboxes: frozenset[str]) -> dict[str, Any]:
    match: dict[str, Any] = {"$or": [{"confidential": False}, {"inbox_id": {"$in": sorted(confidential_inboxes)}}]}
    if criteria.number:
        number = criteria.number.strip()
        match["number"] = (
            number
            if looks_like_case_number(number) and len(number) == 11
            else {"$regex": "^" + re.escape(number), "$options": "i"}
        )
    if criteria.customer and criteria.customer.strip():
        match["customer_folded"] = {"$regex": re.escape(fold(criteria.customer.strip())), "$options": "i"}
    if criteria.statuses:
        match["status"] = {"$in": [s.value for s in criteria.statuses]}
    if criteria.inbox_id:
        match["inbox_id"] = criteria.inbox_id
    if criteria.case_type:
        match["case_type_names"] = criteria.case_type
    dates: dict[str, datetime] = {}
    if criteria.registered_from:
        dates["$gt"] = criteria.registered_from - _ONE_MS
    if criteria.registered_to:
        dates["$lt"] = criteria.registered_to + _ONE_MS
    if dates:
        match["registered_at"] = dates
    return match
