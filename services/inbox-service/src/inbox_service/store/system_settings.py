"""MongoDB storage of the system settings: one document."""

from arendo_contracts.events.registers import SETTINGS_ID
from arendo_kit.errors import ConcurrencyConflict
from arendo_kit.repository import AggregateRepository
from inbox_service.domain.system_settings import SystemSettings, default_settings

SYSTEM_SETTINGS = "system_settings"

OUTBOX_COLLECTIONS = (SYSTEM_SETTINGS,)


class SystemSettingsRepository(AggregateRepository[SystemSettings]):
    collection_name = SYSTEM_SETTINGS
    model = SystemSettings
    not_found_message = "Systeminställningarna finns inte"

    async def current(self) -> SystemSettings:
        """The settings, the defaults stored as version 1 the first time, so that an admin's first
        change has a version to send in If-Match like every other one."""
        found = await self.get(SETTINGS_ID)
        if found is not None:
            return found
        try:
            # No event: every consumer knows the defaults from the contract (SystemSettingsValues).
            await self.store(default_settings())
        except ConcurrencyConflict:
            pass  # another replica stored them first
        return await self.require(SETTINGS_ID)
