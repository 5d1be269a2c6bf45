"""The one wiring point of the kb-service."""

from fastapi import FastAPI

from arendo_kit.runtime import ServiceRuntime
from kb_service.api.routes import router
from kb_service.messaging import diary_plan_subscription
from kb_service.settings import Settings, get_settings
from kb_service.store import DiaryPlans


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    runtime = ServiceRuntime(settings)
    plans = DiaryPlans(runtime.db)
    runtime.subscribe(diary_plan_subscription(plans=plans))
    app = runtime.create_app(title="Arendo kb-service", routers=[router])
    app.state.plans = plans
    return app
