from collections.abc import AsyncIterator

import httpx
import pytest

from arendo_kit.devauth import DevIssuer
from arendo_kit.testing.apps import running_app
from arendo_kit.testing.factories import service_settings
from arendo_kit.testing.http import bearer
from inbox_service.main import create_app
from inbox_service.settings import Settings


@pytest.fixture
def settings(mongodb_url: str, rabbitmq_url: str, dev_issuer: DevIssuer, unique_name: str) -> Settings:
    return service_settings(
        Settings, mongodb_url=mongodb_url, rabbitmq_url=rabbitmq_url, issuer=dev_issuer, database=f"inbox_{unique_name}"
    )


@pytest.fixture
def officer_token(dev_issuer: DevIssuer) -> str:
    return dev_issuer.issue(sub="u-bengt", username="bengt", name="Bengt Berg", roles=["officer"])


@pytest.fixture
async def api(settings: Settings, officer_token: str) -> AsyncIterator[httpx.AsyncClient]:
    async with running_app(create_app(settings), token=officer_token) as client:
        yield client


@pytest.fixture
def admin_token(dev_issuer: DevIssuer) -> str:
    return dev_issuer.issue(sub="u-anna", username="anna", name="Anna Andersson", roles=["officer", "admin"])


@pytest.fixture
def admin(admin_token: str) -> dict[str, str]:
    return bearer(admin_token)
