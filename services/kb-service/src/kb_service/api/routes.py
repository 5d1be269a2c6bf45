"""HTTP API of the kb-service under /api/kb."""

from typing import Annotated

from fastapi import APIRouter, Depends, Query

from arendo_kit.auth import CurrentUser
from arendo_kit.http import from_app_state
from kb_service import service
from kb_service.domain.case_type_links import CaseTypeLink
from kb_service.store import DiaryPlans

router = APIRouter(prefix="/api/kb", tags=["knowledge base"])

Plans = Annotated[DiaryPlans, Depends(from_app_state("plans", DiaryPlans))]


@router.get("/case-types", response_model=list[CaseTypeLink])
async def linked_case_types(
    plans: Plans,
    _: CurrentUser,
    inbox_id: Annotated[str | None, Query(max_length=64)] = None,
    q: Annotated[str | None, Query(max_length=100, description="part of the case type; blank lists all")] = None,
) -> list[CaseTypeLink]:
    """The case types of the diary plans with the knowledge entries linked to each."""
    return await service.linked_case_types(plans=plans, inbox_id=inbox_id, keyword=q)
