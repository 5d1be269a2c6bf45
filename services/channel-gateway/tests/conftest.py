from collections.abc import AsyncIterator

import httpx
import pytest

from arendo_kit.devauth import DevIssuer
from arendo_kit.testing.apps import running_app
from arendo_kit.testing.factories import service_settings
from channel_gateway.main import create_app
from channel_gateway.settings import Settings


@pytest.fixture
async def api(
    mongodb_url: str, rabbitmq_url: str, dev_issuer: DevIssuer, unique_name: str
) -> AsyncIterator[httpx.AsyncClient]:
    settings = service_settings(
        Settings,
        mongodb_url=mongodb_url,
        rabbitmq_url=rabbitmq_url,
        issuer=dev_issuer,
        database=f"channel_{unique_name}",
    )
    token = dev_issuer.issue(sub="u-anna", username="anna", name="Anna", roles=["officer"])
    async with running_app(create_app(settings), token=token) as client:
        yield client
