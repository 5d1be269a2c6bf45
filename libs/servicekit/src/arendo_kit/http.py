"""The HTTP surface every service shares: correlation ids, request metrics, health, readiness,
Prometheus metrics and the operator endpoints for parked messages."""

import time
from collections.abc import Awaitable, Callable
from typing import Annotated, Any, TypeVar

from fastapi import APIRouter, FastAPI, Path, Query, Request, Response
from fastapi.responses import JSONResponse
from prometheus_client import CONTENT_TYPE_LATEST, Counter, Histogram, generate_latest
from pydantic import BaseModel

from arendo_kit.auth import AdminUser
from arendo_kit.errors import NotFound
from arendo_kit.logging import CORRELATION_HEADER, bind_correlation_id, get_logger
from arendo_kit.parking import count_parked, list_parked, replay_parked

log = get_logger(__name__)

HTTP_REQUESTS = Counter("arendo_http_requests_total", "HTTP requests", ["method", "route", "status"])
HTTP_LATENCY = Histogram("arendo_http_request_duration_seconds", "HTTP request latency", ["method", "route"])

ReadinessCheck = Callable[[], Awaitable[bool]]
T = TypeVar("T")


def install_request_middleware(app: FastAPI) -> None:
    @app.middleware("http")
    async def correlate_and_measure(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        correlation_id = bind_correlation_id(request.headers.get(CORRELATION_HEADER))
        started = time.perf_counter()
        response = await call_next(request)
        route = request.scope.get("route")
        template = getattr(route, "path", "unmatched")
        HTTP_REQUESTS.labels(request.method, template, str(response.status_code)).inc()
        HTTP_LATENCY.labels(request.method, template).observe(time.perf_counter() - started)
        response.headers[CORRELATION_HEADER] = correlation_id
        return response


def health_router(checks: dict[str, ReadinessCheck]) -> APIRouter:
    router = APIRouter(tags=["operations"])

    @router.get("/healthz", summary="Liveness")
    async def healthz() -> dict[str, str]:
        return {"status": "ok"}

    @router.get("/readyz", summary="Readiness: MongoDB and the broker reachable")
    async def readyz() -> JSONResponse:
        results = {name: await check() for name, check in checks.items()}
        ready = all(results.values())
        body = {
            "status": "ready" if ready else "not ready",
            "checks": {k: "ok" if v else "down" for k, v in results.items()},
        }
        return JSONResponse(body, status_code=200 if ready else 503)

    @router.get("/metrics", summary="Prometheus metrics", include_in_schema=False)
    async def metrics() -> Response:
        return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)

    return router


class ParkedQueue(BaseModel):
    queue: str
    parked: int


class ParkedMessageOut(BaseModel):
    message_id: str | None
    type: str | None
    reason: str
    parked_at: str | None
    body_preview: str


class ReplayResult(BaseModel):
    queue: str
    replayed: int


QueueName = Annotated[str, Path(description="consumer queue, e.g. case-service.inbox-registers")]


def parking_router(*, prefix: str, rabbitmq_url: str, queues: list[str]) -> APIRouter:
    """Admin endpoints under `<prefix>/ops/parking` so they are reachable through the edge."""
    router = APIRouter(prefix=f"{prefix}/ops/parking", tags=["operations"])

    def known(queue: str) -> str:
        if queue not in queues:
            raise NotFound(f"No consumer queue named {queue!r} in this service", field="queue")
        return queue

    @router.get("", response_model=list[ParkedQueue])
    async def parked_queues(_: AdminUser) -> list[ParkedQueue]:
        return [ParkedQueue(queue=q, parked=await count_parked(rabbitmq_url, q)) for q in queues]

    @router.get("/{queue}", response_model=list[ParkedMessageOut])
    async def parked_messages(
        queue: QueueName, _: AdminUser, limit: Annotated[int, Query(ge=1, le=500)] = 50
    ) -> list[Any]:
        return [ParkedMessageOut(**vars(m)) for m in await list_parked(rabbitmq_url, known(queue), limit=limit)]

    @router.post("/{queue}/replay", response_model=ReplayResult)
    async def replay(queue: QueueName, _: AdminUser, limit: Annotated[int | None, Query(ge=1)] = None) -> ReplayResult:
        replayed = await replay_parked(rabbitmq_url, known(queue), limit=limit)
        log.info("parked_messages_replayed", queue=queue, replayed=replayed)
        return ReplayResult(queue=queue, replayed=replayed)

    return router


def from_app_state(attribute: str, kind: type[T]) -> Callable[[Request], T]:
    """A FastAPI dependency returning what the service's wiring point put on `app.state`."""

    def dependency(request: Request) -> T:
        value = getattr(request.app.state, attribute)
        if not isinstance(value, kind):
            raise TypeError(f"app.state.{attribute} is {type(value).__name__}, not {kind.__name__}")
        return value

    return dependency
