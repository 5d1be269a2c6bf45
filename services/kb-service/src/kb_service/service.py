"""Use cases of the kb-service."""

from kb_service.domain.case_type_links import CaseTypeLink, case_type_links
from kb_service.store import DiaryPlans


async def linked_case_types(*, plans: DiaryPlans, inbox_id: str | None, keyword: str | None) -> list[CaseTypeLink]:
    return case_type_links(await plans.of(inbox_id), keyword=keyword)
