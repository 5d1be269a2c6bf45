"""The one wiring point of the referral-service."""

from fastapi import FastAPI

from arendo_kit.runtime import ServiceRuntime
from referral_service.api.routes import router
from referral_service.messaging import case_subscription
from referral_service.settings import Settings, get_settings
from referral_service.store import KnownCases


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    runtime = ServiceRuntime(settings)
    cases = KnownCases(runtime.db)
    runtime.subscribe(case_subscription(cases=cases))
    app = runtime.create_app(title="Arendo referral-service", routers=[router])
    app.state.cases = cases
    return app
