"""MongoDB storage of the templates of each inbox."""

from typing import Any

from arendo_contracts.templates import TemplatePurpose
from arendo_kit.mongo import IndexSpec
from inbox_service.domain.templates import Template
from inbox_service.store.base import RegisterRepository

TEMPLATES = "templates"

INDEXES = (IndexSpec(TEMPLATES, [("inbox_id", 1), ("name_lower", 1)], unique=True),)
OUTBOX_COLLECTIONS = (TEMPLATES,)


class TemplateRepository(RegisterRepository[Template]):
    collection_name = TEMPLATES
    model = Template
    not_found_message = "Mallen finns inte"
    taken_message = "Inkorgen har redan en mall med det namnet"

    async def name_taken(self, *, inbox_id: str, name_lower: str, other_than: str | None = None) -> bool:
        return await self.key_taken(name_lower, other_than=other_than, inbox_id=inbox_id)

    async def of_inbox(
        self, inbox_id: str, *, purpose: TemplatePurpose | None, include_inactive: bool
    ) -> list[Template]:
        """The inbox's templates; for a purpose, those made for it and those for any use."""
        query: dict[str, Any] = {"inbox_id": inbox_id}
        if purpose is not None:
            query["purpose"] = {"$in": sorted({purpose.value, TemplatePurpose.ANY.value})}
        if not include_inactive:
            query["active"] = True
        return await self.find(query)
