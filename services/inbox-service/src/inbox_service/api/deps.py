"""Typed FastAPI dependencies of the inbox-service."""

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends

from arendo_kit.http import from_app_state
from arendo_kit.outbox import EventFactory
from inbox_service.store import (
    AreaRepository,
    DistributionListRepository,
    DistributionRepository,
    FavouritesStore,
    InboxRepository,
    InboxViewStore,
    OrganisationRepository,
    ParagraphRepository,
    SystemSettingsRepository,
    TemplateRepository,
    UserRepository,
    ViewRebuildRepository,
)


@dataclass(frozen=True)
class InboxContext:
    inboxes: InboxRepository
    users: UserRepository
    view: InboxViewStore
    favourites: FavouritesStore
    distributions: DistributionRepository
    rebuilds: ViewRebuildRepository
    case_view_queue: str
    areas: AreaRepository
    organisations: OrganisationRepository
    paragraphs: ParagraphRepository
    templates: TemplateRepository
    distribution_lists: DistributionListRepository
    settings: SystemSettingsRepository
    events: EventFactory


Context = Annotated[InboxContext, Depends(from_app_state("context", InboxContext))]
