"""The only package of the inbox-service that speaks MongoDB."""

from inbox_service.store import (
    areas,
    distribution,
    distribution_lists,
    inbox_view,
    organisations,
    paragraphs,
    registers,
    system_settings,
    templates,
)
from inbox_service.store.areas import AreaRepository
from inbox_service.store.distribution import DistributionRepository
from inbox_service.store.distribution_lists import DistributionListRepository
from inbox_service.store.inbox_view import FavouritesStore, InboxViewStore, ViewRebuildRepository
from inbox_service.store.organisations import OrganisationRepository
from inbox_service.store.paragraphs import ParagraphRepository
from inbox_service.store.registers import InboxRepository, UserRepository
from inbox_service.store.system_settings import SystemSettingsRepository
from inbox_service.store.templates import TemplateRepository

INDEXES = (
    *registers.INDEXES,
    *inbox_view.INDEXES,
    *distribution.INDEXES,
    *areas.INDEXES,
    *organisations.INDEXES,
    *paragraphs.INDEXES,
    *templates.INDEXES,
    *distribution_lists.INDEXES,
)
OUTBOX_COLLECTIONS = (
    *registers.OUTBOX_COLLECTIONS,
    *distribution.OUTBOX_COLLECTIONS,
    *areas.OUTBOX_COLLECTIONS,
    *organisations.OUTBOX_COLLECTIONS,
    *paragraphs.OUTBOX_COLLECTIONS,
    *templates.OUTBOX_COLLECTIONS,
    *distribution_lists.OUTBOX_COLLECTIONS,
    *system_settings.OUTBOX_COLLECTIONS,
    inbox_view.VIEW_REBUILDS,
)

__all__ = [
    "INDEXES",
    "OUTBOX_COLLECTIONS",
    "AreaRepository",
    "DistributionListRepository",
    "DistributionRepository",
    "FavouritesStore",
    "InboxRepository",
    "InboxViewStore",
    "OrganisationRepository",
    "ParagraphRepository",
    "SystemSettingsRepository",
    "TemplateRepository",
    "UserRepository",
    "ViewRebuildRepository",
]
