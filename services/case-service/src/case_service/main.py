"""The one wiring point of the case-service."""

from fastapi import FastAPI

from arendo_contracts.events.case import (
    CaseClosedV1,
    CaseCreatedV1,
    CaseReopenedV1,
    CaseUpdatedV1,
    FavouritesChangedV1,
)
from arendo_kit.runtime import ServiceRuntime
from case_service.api import (
    alerts,
    card,
    cases,
    clipboard,
    customers,
    deeds,
    drafts,
    event_log,
    favourites,
    life_cycle,
    lock,
    notes,
    quick_registration,
    relations,
    routing,
    search,
    templates,
)
from case_service.api.deps import CaseContext
from case_service.messaging import (
    customer_register_subscription,
    customer_reply_subscription,
    discarded_files_subscription,
    distribution_subscription,
    event_log_subscription,
    register_subscription,
    replay_subscription,
    reply_time_subscription,
)
from case_service.service.alerts import REPLY_TIME_TIMER, reply_time_handler
from case_service.service.life_cycle import SCHEDULED_REOPEN_TIMER, scheduled_reopen_handler
from case_service.service.lock import LOCK_EXPIRY_TIMER, lock_expiry_handler
from case_service.settings import Settings, get_settings
from case_service.store import (
    INDEXES,
    OUTBOX_COLLECTIONS,
    AttachmentStore,
    CaseNumbers,
    CaseRepository,
    EventLogStore,
    RegisterReplicas,
)
from case_service.store.clipboard import ClipboardRepository
from case_service.store.customers import CustomerCases, CustomerRegister
from case_service.store.drafts import DraftRepository
from case_service.store.favourites import FavouritesRepository
from case_service.store.properties import LocalPropertyRegister


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    runtime = ServiceRuntime(settings)
    context = CaseContext(
        cases=CaseRepository(runtime.db, on_stored=runtime.nudge_relay),
        numbers=CaseNumbers(runtime.db),
        registers=RegisterReplicas(runtime.db),
        events=runtime.events,
        customers=CustomerRegister(runtime.db),
        customer_cases=CustomerCases(CaseRepository(runtime.db)),  # reads only
        properties=LocalPropertyRegister(runtime.db),
        timers=runtime.timers,
        event_log=EventLogStore(runtime.db),
        attachments=AttachmentStore(runtime.db),
        attachment_max_bytes=settings.attachment_max_bytes,
        favourites=FavouritesRepository(runtime.db, on_stored=runtime.nudge_relay),
        drafts=DraftRepository(runtime.db),
        clipboards=ClipboardRepository(runtime.db),
    )
    runtime.add_indexes(INDEXES)
    for collection in OUTBOX_COLLECTIONS:
        runtime.add_outbox(collection)
    runtime.subscribe(register_subscription(registers=context.registers))
    runtime.subscribe(distribution_subscription(cases=context.cases, events=context.events))
    runtime.subscribe(replay_subscription(cases=context.cases, events=context.events, send=runtime.send_to_queue))
    runtime.add_timer(
        LOCK_EXPIRY_TIMER, lock_expiry_handler(cases=context.cases, events=context.events, timers=runtime.timers)
    )
    runtime.subscribe(event_log_subscription(log=context.event_log, registers=context.registers))
    runtime.subscribe(
        customer_reply_subscription(
            cases=context.cases, numbers=context.numbers, registers=context.registers, events=context.events
        )
    )
    runtime.subscribe(reply_time_subscription(registers=context.registers, timers=runtime.timers))
    runtime.subscribe(discarded_files_subscription(cases=context.cases, attachments=context.attachments))
    runtime.subscribe(customer_register_subscription(cases=context.cases, customers=context.customers))
    runtime.add_timer(REPLY_TIME_TIMER, reply_time_handler(cases=context.cases, events=context.events))
    runtime.add_timer(
        SCHEDULED_REOPEN_TIMER,
        scheduled_reopen_handler(cases=context.cases, events=context.events, timers=runtime.timers),
    )
    runtime.publishes(CaseCreatedV1, CaseUpdatedV1, CaseClosedV1, CaseReopenedV1, FavouritesChangedV1)
    # customers.router declares fixed paths (/api/cases/customers, /api/cases/properties): it comes
    # before cases.router, whose /api/cases/{case_id} would otherwise take them for case ids.
    app = runtime.create_app(
        title="Arendo case-service",
        routers=[
            customers.router,
            favourites.router,
            search.router,
            quick_registration.router,
            relations.router,  # POST /api/cases/relations (CASE-14), a fixed path like those above
            drafts.router,  # /api/cases/drafts ("Mina utkast")
            clipboard.router,  # /api/cases/clipboard
            card.router,
            lock.router,
            cases.router,
            routing.router,
            event_log.router,
            alerts.router,
            deeds.router,
            notes.router,
            templates.router,
            life_cycle.router,
        ],
    )
    app.state.context = context
    return app
