"""The one wiring point of the inbox-service."""

from fastapi import FastAPI

from arendo_contracts.events.inbox import InboxCreatedV1, UserCreatedV1
from arendo_kit.runtime import ServiceRuntime
from inbox_service.api import inbox_view, registers
from inbox_service.api.deps import InboxContext
from inbox_service.messaging import case_view_subscription, favourites_subscription
from inbox_service.settings import Settings, get_settings
from inbox_service.store import (
    INDEXES,
    OUTBOX_COLLECTIONS,
    FavouritesStore,
    InboxRepository,
    InboxViewStore,
    UserRepository,
)


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    runtime = ServiceRuntime(settings)
    context = InboxContext(
        inboxes=InboxRepository(runtime.db, on_stored=runtime.nudge_relay),
        users=UserRepository(runtime.db, on_stored=runtime.nudge_relay),
        view=InboxViewStore(runtime.db),
        favourites=FavouritesStore(runtime.db),
        events=runtime.events,
    )
    runtime.add_indexes(INDEXES)
    for collection in OUTBOX_COLLECTIONS:
        runtime.add_outbox(collection)
    runtime.subscribe(case_view_subscription(view=context.view))
    runtime.subscribe(favourites_subscription(favourites=context.favourites))
    runtime.publishes(InboxCreatedV1, UserCreatedV1)
    app = runtime.create_app(title="Arendo inbox-service", routers=[inbox_view.router, registers.router])
    app.state.context = context
    return app
