"""The one wiring point of the inbox-service."""

from fastapi import FastAPI

from arendo_contracts.commands.case import ReplayCaseSummariesV1
from arendo_contracts.commands.channel import ChannelDeliverV1
from arendo_contracts.events.distribution import CaseDistributedV1
from arendo_contracts.events.inbox import InboxCreatedV1, InboxUpdatedV1, UserCreatedV1, UserUpdatedV1
from arendo_contracts.events.registers import (
    AreaChangedV1,
    ConfidentialityParagraphChangedV1,
    DistributionListChangedV1,
    OrganisationChangedV1,
    SettingsChangedV1,
    TemplateChangedV1,
)
from arendo_contracts.topology import queue_name
from arendo_kit.runtime import ServiceRuntime
from inbox_service.api import (
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
from inbox_service.api.deps import InboxContext
from inbox_service.messaging import CASE_VIEW_PURPOSE, case_view_subscription, favourites_subscription
from inbox_service.settings import Settings, get_settings
from inbox_service.store import (
    INDEXES,
    OUTBOX_COLLECTIONS,
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

# The admin registers, before registers.router whose /{inbox_id} routes would otherwise match first.
REGISTER_ROUTERS = (
    areas.router,
    organisations.router,
    paragraphs.router,
    distribution_lists.router,
    system_settings.router,
    templates.router,
)


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    runtime = ServiceRuntime(settings)
    context = InboxContext(
        inboxes=InboxRepository(runtime.db, on_stored=runtime.nudge_relay),
        users=UserRepository(runtime.db, on_stored=runtime.nudge_relay),
        view=InboxViewStore(runtime.db),
        favourites=FavouritesStore(runtime.db),
        distributions=DistributionRepository(runtime.db, on_stored=runtime.nudge_relay),
        rebuilds=ViewRebuildRepository(runtime.db, on_stored=runtime.nudge_relay),
        case_view_queue=queue_name(settings.service_name, CASE_VIEW_PURPOSE),
        areas=AreaRepository(runtime.db, on_stored=runtime.nudge_relay),
        organisations=OrganisationRepository(runtime.db, on_stored=runtime.nudge_relay),
        paragraphs=ParagraphRepository(runtime.db, on_stored=runtime.nudge_relay),
        templates=TemplateRepository(runtime.db, on_stored=runtime.nudge_relay),
        distribution_lists=DistributionListRepository(runtime.db, on_stored=runtime.nudge_relay),
        settings=SystemSettingsRepository(runtime.db, on_stored=runtime.nudge_relay),
        events=runtime.events,
    )
    runtime.add_indexes(INDEXES)
    for collection in OUTBOX_COLLECTIONS:
        runtime.add_outbox(collection)
    runtime.subscribe(case_view_subscription(view=context.view))
    runtime.subscribe(favourites_subscription(favourites=context.favourites))
    runtime.publishes(InboxCreatedV1, UserCreatedV1, CaseDistributedV1, ChannelDeliverV1, ReplayCaseSummariesV1)
    runtime.publishes(
        InboxUpdatedV1,
        UserUpdatedV1,
        AreaChangedV1,
        OrganisationChangedV1,
        ConfidentialityParagraphChangedV1,
        TemplateChangedV1,
        DistributionListChangedV1,
        SettingsChangedV1,
    )
    app = runtime.create_app(
        title="Arendo inbox-service",
        routers=[inbox_view.router, distribution.router, *REGISTER_ROUTERS, registers.router],
    )
    app.state.context = context
    return app
