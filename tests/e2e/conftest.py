from collections.abc import Iterator

import httpx
import pytest

from arendo_kit.processes import free_port
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
    with httpx.Client(base_url=system.edge_url, headers={"Authorization": f"Bearer {token}"}, timeout=30) as client:
        yield client
