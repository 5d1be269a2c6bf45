"""Use cases of the areas register."""

from arendo_contracts import CloudEvent
from arendo_contracts.events.registers import AreaChangedV1
from arendo_kit.auth import User as Caller
from arendo_kit.errors import Conflict
from arendo_kit.outbox import EventFactory
from inbox_service.domain.areas import Area, new_area, revise_area
from inbox_service.service.common import expect_version, save_change
from inbox_service.store import AreaRepository

WHAT = "Området"


async def create_area(
    *, areas: AreaRepository, events: EventFactory, caller: Caller, name: str, description: str | None
) -> Area:
    area = new_area(name=name, description=description)
    await _check_name(areas, area)
    await areas.store(area, events=[_changed(events, caller, area)])
    return area


async def update_area(
    *,
    areas: AreaRepository,
    events: EventFactory,
    caller: Caller,
    area_id: str,
    expected_version: int,
    name: str,
    description: str | None,
    active: bool,
) -> Area:
    area = await areas.require(area_id)
    expect_version(area, expected_version, what=WHAT)
    changed = revise_area(area, name=name, description=description, active=active)
    if changed.name_lower != area.name_lower:
        await _check_name(areas, changed)
    return await save_change(areas, before=area, after=changed, event=lambda a: _changed(events, caller, a))


async def deactivate_area(
    *, areas: AreaRepository, events: EventFactory, caller: Caller, area_id: str, expected_version: int
) -> Area:
    """Areas are never deleted: cases keep pointing at a deactivated one."""
    area = await areas.require(area_id)
    return await update_area(
        areas=areas,
        events=events,
        caller=caller,
        area_id=area_id,
        expected_version=expected_version,
        name=area.name,
        description=area.description,
        active=False,
    )


def _changed(events: EventFactory, caller: Caller, area: Area) -> CloudEvent:
    return events(AreaChangedV1(area=area.snapshot()), actor=caller.id)


async def _check_name(areas: AreaRepository, area: Area) -> None:
    if await areas.key_taken(area.name_lower, other_than=area.id):
        raise Conflict(f"Det finns redan ett område som heter {area.name!r}", field="name")
