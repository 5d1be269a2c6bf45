"""HTTP API of case search (CASE-31) at /api/cases/search."""

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import AwareDatetime, BaseModel

from arendo_contracts.vocabulary import CaseStatus, Channel, Priority
from arendo_kit.auth import CurrentUser
from arendo_kit.errors import InvalidInput
from case_service.api.deps import Context
from case_service.service.search import search_cases
from case_service.store.search import SearchCriteria

router = APIRouter(prefix="/api/cases", tags=["search"])


class CaseHit(BaseModel):
    id: str
    number: str
    title: str
    status: CaseStatus
    priority: Priority
    channel: Channel
    inbox_id: str
    officer_name: str | None
    customer_display_name: str | None
    case_types: list[str]
    registered_at: datetime
    closed_at: datetime | None


class SearchPage(BaseModel):
    items: list[CaseHit]
    total: int
    page: int
    page_size: int
    truncated: bool


# Declared on a router included before the case router, so "search" is never taken for a case id.
@router.get("/search", response_model=SearchPage)
async def search(
    ctx: Context,
    caller: CurrentUser,
    number: Annotated[str | None, Query(max_length=11, description="case number or its beginning")] = None,
    q: Annotated[str | None, Query(max_length=300, description="words in Swedish; inflected forms match")] = None,
    customer: Annotated[str | None, Query(max_length=200)] = None,
    status: Annotated[list[CaseStatus] | None, Query()] = None,
    inbox_id: Annotated[str | None, Query(max_length=64)] = None,
    case_type: Annotated[str | None, Query(max_length=200)] = None,
    registered_from: AwareDatetime | None = None,
    registered_to: AwareDatetime | None = None,
    page: Annotated[int, Query(ge=1, le=10_000)] = 1,
    page_size: Annotated[int, Query(ge=1, le=200)] = 25,
) -> SearchPage:
    """Search cases by number, free text, customer, status, inbox, case type and registration dates."""
    if registered_from and registered_to and registered_from > registered_to:
        raise InvalidInput("Från-datum är efter till-datum", field="registered_from")
    criteria = SearchCriteria(
        number=number,
        text=q,
        customer=customer,
        statuses=tuple(status or ()),
        inbox_id=inbox_id,
        case_type=case_type,
        registered_from=registered_from,
        registered_to=registered_to,
        page=page,
        page_size=page_size,
    )
    result = await search_cases(cases=ctx.cases, registers=ctx.registers, caller=caller, criteria=criteria)
    items = []
    for case in result.cases:
        summary = case.summary()
        items.append(
            CaseHit(
                id=case.id,
                number=case.number,
                title=case.title,
                status=case.status,
                priority=case.priority,
                channel=case.channel,
                inbox_id=case.inbox_id,
                officer_name=case.officer_name,
                customer_display_name=summary.customer_display_name,
                case_types=list(summary.case_types),
                registered_at=case.registered_at,
                closed_at=case.closed_at,
            )
        )
    return SearchPage(items=items, total=result.total, page=page, page_size=page_size, truncated=result.truncated)
