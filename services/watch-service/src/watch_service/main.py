"""The one wiring point of the watch-service."""

from fastapi import FastAPI

from arendo_kit.runtime import ServiceRuntime
from watch_service.api.routes import router
from watch_service.messaging import case_subscription
from watch_service.settings import Settings, get_settings
from watch_service.store import WatchedCases


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    runtime = ServiceRuntime(settings)
    cases = WatchedCases(runtime.db)
    runtime.subscribe(case_subscription(cases=cases))
    app = runtime.create_app(title="Arendo watch-service", routers=[router])
    app.state.cases = cases
    return app
