"""The system settings (CASE-06, CASE-27, CASE-28, REF-01): one document, defaults until an admin changes it."""

from collections.abc import Mapping

from arendo_contracts.events.registers import SETTINGS_ID, SystemSettingsSnapshot, SystemSettingsValues
from arendo_kit.errors import InvalidInput
from arendo_kit.repository import AggregateRoot
from inbox_service.domain.revision import revised

# Inclusive ranges of the numeric settings. auto_reopen_days 0 turns the automatic reopening off:
# every reply after closing makes a new case (CASE-28).
LIMITS: Mapping[str, tuple[int, int]] = {
    "referral_answer_days": (1, 365),
    "auto_reopen_days": (0, 365),
    "lock_expiry_minutes": (1, 24 * 60),
    "sms_max_parts": (1, 10),
}


class SystemSettings(AggregateRoot):
    values: SystemSettingsValues = SystemSettingsValues()

    def snapshot(self) -> SystemSettingsSnapshot:
        return SystemSettingsSnapshot(**self.values.model_dump(), version=self.version)


def default_settings() -> SystemSettings:
    """What holds before an admin has changed anything, stored as version 1 on first use."""
    return SystemSettings(id=SETTINGS_ID, version=1)


def check_values(values: SystemSettingsValues) -> SystemSettingsValues:
    for field, (low, high) in LIMITS.items():
        value = getattr(values, field)
        if not low <= value <= high:
            raise InvalidInput(f"Värdet ska vara mellan {low} och {high}, inte {value}", field=field)
    return values


def revise_settings(settings: SystemSettings, values: SystemSettingsValues) -> SystemSettings:
    return revised(settings, {"values": check_values(values)})
