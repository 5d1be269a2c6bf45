"""The one wiring point of the case-service."""

from fastapi import FastAPI

from arendo_contracts.events.case import CaseCreatedV1, CaseUpdatedV1
from arendo_kit.runtime import ServiceRuntime
from case_service.api import cases, routing, search
from case_service.api.deps import CaseContext
from case_service.messaging import distribution_subscription, register_subscription, replay_subscription
from case_service.settings import Settings, get_settings
from case_service.store import INDEXES, OUTBOX_COLLECTIONS, CaseNumbers, CaseRepository, RegisterReplicas


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    runtime = ServiceRuntime(settings)
    context = CaseContext(
        cases=CaseRepository(runtime.db, on_stored=runtime.nudge_relay),
        numbers=CaseNumbers(runtime.db),
        registers=RegisterReplicas(runtime.db),
        events=runtime.events,
    )
    runtime.add_indexes(INDEXES)
    for collection in OUTBOX_COLLECTIONS:
        runtime.add_outbox(collection)
    runtime.subscribe(register_subscription(registers=context.registers))
    runtime.subscribe(distribution_subscription(cases=context.cases, events=context.events))
    runtime.subscribe(replay_subscription(cases=context.cases, events=context.events, send=runtime.send_to_queue))
    runtime.publishes(CaseCreatedV1, CaseUpdatedV1)
    app = runtime.create_app(title="Arendo case-service", routers=[search.router, cases.router, routing.router])
    app.state.context = context
    return app
