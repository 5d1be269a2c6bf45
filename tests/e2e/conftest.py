from collections.abc import Callable, Iterator
from contextlib import ExitStack
from typing import Any

import httpx
import pytest

from arendo_kit.processes import free_port
from arendo_kit.testing.http import bearer
from arendo_kit.testing.polling import eventually_sync
from arendo_local.system import SERVICES, System, SystemConfig


@pytest.fixture(scope="module")
def system(mongodb_url: str, rabbitmq_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[System]:
    """Every service as its own process behind the nginx edge, as `make up` runs them."""
    config = SystemConfig(
        data_dir=tmp_path_factory.mktemp("arendo"),
        edge_port=free_port(),
        service_ports={spec.name: free_port() for spec in SERVICES},
        mongodb_url=mongodb_url,
        rabbitmq_url=rabbitmq_url,
        extra_env={f"{spec.env_prefix}LOG_JSON": "true" for spec in SERVICES},
    )
    running = System(config).start()
    yield running
    running.stop()


@pytest.fixture(scope="module")
def admin(system: System) -> httpx.Client:
    token = system.token(sub="u-admin", username="admin", name="Astrid Admin", roles=["admin", "officer"])
    with httpx.Client(base_url=system.edge_url, headers=bearer(token), timeout=30) as client:
        yield client


@pytest.fixture
def as_user(system: System) -> Iterator[Callable[..., httpx.Client]]:
    """`as_user(user_id, name, *roles)`: a client through the edge as that user (an officer unless roles are named),
    closed after the test."""
    with ExitStack() as clients:

        def client(user_id: str, name: str, *roles: str) -> httpx.Client:
            token = system.token(sub=user_id, username=user_id, name=name, roles=roles or ("officer",))
            return clients.enter_context(httpx.Client(base_url=system.edge_url, headers=bearer(token), timeout=30))

        yield client


@pytest.fixture
def register() -> Callable[..., dict[str, Any]]:
    """`register(client, inbox_id, **body)`: a case registered as that client, once the case-service knows the inbox
    (it learns of it from the inbox-service's event)."""

    def registered(client: httpx.Client, inbox_id: str, **body: object) -> dict[str, Any]:
        def attempt() -> httpx.Response | None:
            response = client.post("/api/cases", json={"inbox_id": inbox_id, **body})
            return response if response.status_code == 201 else None

        case: dict[str, Any] = eventually_sync(attempt, timeout=20, what="case registered").json()
        return case

    return registered
