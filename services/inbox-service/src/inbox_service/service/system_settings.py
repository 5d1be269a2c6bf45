"""Use cases of the system settings."""

from arendo_contracts.events.registers import SettingsChangedV1, SystemSettingsValues
from arendo_kit.auth import User as Caller
from arendo_kit.outbox import EventFactory
from inbox_service.domain.system_settings import SystemSettings, revise_settings
from inbox_service.service.common import expect_version, save_change
from inbox_service.store import SystemSettingsRepository


async def get_system_settings(*, settings: SystemSettingsRepository) -> SystemSettings:
    return await settings.current()


async def update_system_settings(
    *,
    settings: SystemSettingsRepository,
    events: EventFactory,
    caller: Caller,
    expected_version: int,
    values: SystemSettingsValues,
) -> SystemSettings:
    current = await settings.current()
    expect_version(current, expected_version, what="Systeminställningarna")
    return await save_change(
        settings,
        before=current,
        after=revise_settings(current, values),
        event=lambda s: events(SettingsChangedV1(settings=s.snapshot()), actor=caller.id),
    )
