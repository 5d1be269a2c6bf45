"""Case numbers under concurrent registration by several case-service processes (CASE-03)."""

import re
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from arendo_kit.processes import ManagedProcess, free_port, http_ready
from arendo_kit.testing.polling import eventually_sync
from arendo_local.system import System

pytestmark = pytest.mark.e2e


@pytest.fixture
def second_replica(system: System) -> Iterator[str]:
    """Another case-service process on the same database and broker, as a second pod would be."""
    first = system.services["case-service"]
    port = free_port()
    argv = [*first.argv[: first.argv.index("--port") + 1], str(port), *first.argv[first.argv.index("--port") + 2 :]]
    replica = ManagedProcess(
        "case-service-2",
        argv,
        env=first.env,
        ready=http_ready(f"http://127.0.0.1:{port}/readyz"),
        log_file=system.logs / "case-service-2.log",
    )
    replica.start().wait_ready(60)
    yield f"http://127.0.0.1:{port}"
    replica.stop()


def test_two_processes_registering_at_once_never_share_a_number(
    system: System, admin: httpx.Client, second_replica: str
) -> None:
    inbox = admin.post("/api/inboxes", json={"name": f"Växel {uuid.uuid4().hex[:6]}", "kind": "work_group"}).json()
    headers = dict(admin.headers)
    urls = [system.service_url("case-service"), second_replica]

    def ready(url: str) -> bool:
        response = httpx.post(f"{url}/api/cases", json={"inbox_id": inbox["id"]}, headers=headers, timeout=30)
        return response.status_code == 201

    for url in urls:
        eventually_sync(lambda url=url: ready(url), timeout=30, what=f"{url} knows the inbox")

    def register(n: int) -> str:
        response = httpx.post(
            f"{urls[n % 2]}/api/cases",
            json={"inbox_id": inbox["id"], "title": f"Samtal {n}"},
            headers=headers,
            timeout=60,
        )
        assert response.status_code == 201, response.text
        number: str = response.json()["number"]
        return number

    with ThreadPoolExecutor(max_workers=8) as pool:
        numbers = list(pool.map(register, range(60)))
    assert len(set(numbers)) == 60
    assert all(re.fullmatch(r"\d{4}-\d{6}", n) for n in numbers)
    sequences = sorted(int(n.split("-")[1]) for n in numbers)
    assert sequences[-1] - sequences[0] == 59  # none skipped between the first and the last
