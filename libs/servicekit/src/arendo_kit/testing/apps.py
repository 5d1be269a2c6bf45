"""Run a service's FastAPI app in-process with its real lifespan (MongoDB, broker, relay)."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx
from fastapi import FastAPI

from arendo_kit.testing.http import bearer


@asynccontextmanager
async def running_app(app: FastAPI, *, token: str | None = None) -> AsyncIterator[httpx.AsyncClient]:
    headers = bearer(token) if token else {}
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
        async with httpx.AsyncClient(transport=transport, base_url="http://service", headers=headers) as client:
            yield client
