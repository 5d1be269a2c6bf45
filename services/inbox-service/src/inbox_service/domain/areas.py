"""Areas (områden): a flat register a case can be filed under (CASE-05)."""

import uuid

from arendo_contracts.events.registers import AreaSnapshot
from arendo_kit.repository import AggregateRoot
from inbox_service.domain.revision import revised
from inbox_service.domain.search import name_fields, optional_text

NAME_MISSING = "Området behöver ett namn"


class Area(AggregateRoot):
    name: str
    name_lower: str
    search_key: str
    description: str | None = None
    active: bool = True

    def snapshot(self) -> AreaSnapshot:
        return AreaSnapshot(
            area_id=self.id, name=self.name, description=self.description, active=self.active, version=self.version
        )


def new_area(*, name: str, description: str | None, area_id: str | None = None) -> Area:
    return Area(
        id=area_id or str(uuid.uuid4()),
        version=1,
        description=optional_text(description),
        **name_fields(name, missing=NAME_MISSING),
    )


def revise_area(area: Area, *, name: str, description: str | None, active: bool) -> Area:
    return revised(
        area, {**name_fields(name, missing=NAME_MISSING), "description": optional_text(description), "active": active}
    )
