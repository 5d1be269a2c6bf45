"""The case API in-process over a real MongoDB-wire server and RabbitMQ."""

import asyncio
import re
from typing import Any

import httpx
import pytest

from arendo_contracts.events.inbox import InboxCreatedV1, InboxUpdatedV1
from arendo_kit.testing.events import EventProbe, publish_event
from arendo_kit.testing.factories import inbox_snapshot
from arendo_kit.testing.fixture_types import AsUser, NewInbox
from arendo_kit.testing.http import problem_fields
from arendo_kit.testing.polling import eventually

pytestmark = pytest.mark.integration


def without_clock(card: dict[str, Any]) -> dict[str, Any]:
    """The card without what moves with the clock (the handling time, CASE-08)."""
    return {k: v for k, v in card.items() if k != "handling_time_seconds"}


async def test_a_case_in_an_unknown_inbox_is_refused_naming_the_field(api: httpx.AsyncClient) -> None:
    response = await api.post("/api/cases", json={"inbox_id": "nowhere"})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "inbox_id"


async def test_create_read_and_the_created_event(
    api: httpx.AsyncClient, new_inbox: NewInbox, rabbitmq_url: str
) -> None:
    await new_inbox(inbox_id="kundtjanst")
    async with EventProbe(rabbitmq_url, ["case.created.v1"]) as probe:
        response = await api.post("/api/cases", json={"inbox_id": "kundtjanst", "title": "Gatlampa trasig"})
        assert response.status_code == 201
        case = response.json()
        assert re.fullmatch(r"\d{4}-\d{6}", case["number"])
        assert case["channel"] == "phone"
        assert case["arrived_at"] == case["registered_at"] == case["event_date"]
        assert response.headers["etag"] == '"1"'
        assert response.headers["location"] == f"/api/cases/{case['id']}"
        event = await probe.wait_for("case.created.v1", subject=case["id"])
    assert event.actor == "u-bengt"
    assert event.data["case"]["number"] == case["number"]
    assert event.data["case"]["version"] == 1
    read = await api.get(f"/api/cases/{case['id']}")
    assert without_clock(read.json()) == without_clock(case)


async def test_changes_need_the_current_version(api: httpx.AsyncClient, new_inbox: NewInbox, rabbitmq_url: str) -> None:
    await new_inbox(inbox_id="bygglov")
    case = (await api.post("/api/cases", json={"inbox_id": "bygglov", "title": "Fråga"})).json()
    url = f"/api/cases/{case['id']}"
    assert (await api.patch(url, json={"title": "X"})).status_code == 428
    async with EventProbe(rabbitmq_url, ["case.updated.v1"]) as probe:
        changed = await api.patch(
            url, json={"title": "Fråga om altan", "priority": "urgent"}, headers={"If-Match": '"1"'}
        )
        assert changed.status_code == 200
        assert changed.headers["etag"] == '"2"'
        event = await probe.wait_for("case.updated.v1", subject=case["id"])
    assert {(c["field"], c["old"], c["new"]) for c in event.data["changes"]} == {
        ("title", "Fråga", "Fråga om altan"),
        ("priority", "normal", "urgent"),
    }
    stale = await api.patch(url, json={"title": "Sent"}, headers={"If-Match": '"1"'})
    assert stale.status_code == 412
    assert (await api.get(url)).json()["title"] == "Fråga om altan"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"number": "2026-000009"}, "number"),
        ({"priority": None}, "priority"),
        ({"title": ""}, "title"),
        ({"channel": "pigeon"}, "channel"),
        ({"event_date": "2026-01-01T10:00:00"}, "event_date"),
    ],
)
async def test_bad_changes_name_the_field_and_change_nothing(
    api: httpx.AsyncClient, new_inbox: NewInbox, body: dict[str, object], field: str
) -> None:
    await new_inbox(inbox_id="synpunkter")
    case = (await api.post("/api/cases", json={"inbox_id": "synpunkter", "title": "Orört"})).json()
    response = await api.patch(f"/api/cases/{case['id']}", json=body, headers={"If-Match": '"1"'})
    assert response.status_code == 422
    assert field in problem_fields(response)
    assert without_clock((await api.get(f"/api/cases/{case['id']}")).json()) == without_clock(case)


async def test_concurrent_registrations_get_distinct_consecutive_numbers(
    api: httpx.AsyncClient, new_inbox: NewInbox
) -> None:
    await new_inbox(inbox_id="kontaktcenter")
    responses = await asyncio.gather(
        *(api.post("/api/cases", json={"inbox_id": "kontaktcenter", "title": f"Samtal {n}"}) for n in range(30))
    )
    assert {r.status_code for r in responses} == {201}
    sequences = sorted(int(r.json()["number"].split("-")[1]) for r in responses)
    assert sequences == list(range(sequences[0], sequences[0] + 30))


async def test_an_older_register_event_never_overwrites_a_newer_one(
    api: httpx.AsyncClient, new_inbox: NewInbox, rabbitmq_url: str
) -> None:
    await new_inbox(inbox_id="stangd")
    closed = inbox_snapshot(inbox_id="stangd", name="Stängd", active=False, version=3)
    await publish_event(rabbitmq_url, InboxUpdatedV1(inbox=closed), source="inbox-service")

    async def refused() -> bool:
        response = await api.post("/api/cases", json={"inbox_id": "stangd"})
        return response.status_code == 422 and "inaktiverad" in response.json()["detail"]

    await eventually(refused, what="inactive inbox replicated")
    late = inbox_snapshot(inbox_id="stangd", name="Stängd", active=True, version=2)
    await publish_event(rabbitmq_url, InboxUpdatedV1(inbox=late), source="inbox-service")
    marker = inbox_snapshot(inbox_id="markor", name="Markör")
    await publish_event(rabbitmq_url, InboxCreatedV1(inbox=marker), source="inbox-service")
    await eventually(lambda: _created(api, "markor"), what="later event handled")
    assert await refused()


async def _created(api: httpx.AsyncClient, inbox_id: str) -> bool:
    return (await api.post("/api/cases", json={"inbox_id": inbox_id})).status_code == 201


async def test_unauthenticated_and_unknown(api: httpx.AsyncClient) -> None:
    anonymous = await api.get("/api/cases/x", headers={"Authorization": ""})
    assert anonymous.status_code == 401
    missing = await api.get("/api/cases/does-not-exist")
    assert missing.status_code == 404
    assert missing.json()["detail"] == "Ärendet finns inte"


async def test_health_readiness_and_metrics(api: httpx.AsyncClient) -> None:
    assert (await api.get("/healthz")).json() == {"status": "ok"}
    ready = await api.get("/readyz")
    assert ready.json() == {"status": "ready", "checks": {"mongodb": "ok", "broker": "ok"}}
    metrics = (await api.get("/metrics")).text
    assert "arendo_http_requests_total" in metrics


async def test_the_correlation_id_travels_from_the_request_into_the_event(
    api: httpx.AsyncClient, new_inbox: NewInbox, rabbitmq_url: str
) -> None:
    await new_inbox(inbox_id="korrelation")
    async with EventProbe(rabbitmq_url, ["case.created.v1"]) as probe:
        response = await api.post(
            "/api/cases", json={"inbox_id": "korrelation"}, headers={"X-Correlation-ID": "req-4711"}
        )
        assert response.headers["x-correlation-id"] == "req-4711"
        event = await probe.wait_for("case.created.v1", subject=response.json()["id"])
    assert event.correlationid == "req-4711"


async def test_operators_see_the_parking_queues(api: httpx.AsyncClient, as_user: AsUser) -> None:
    assert (await api.get("/api/cases/ops/parking")).status_code == 403
    admin = as_user("u-a", "A", "admin")
    queues = (await api.get("/api/cases/ops/parking", headers=admin)).json()
    # Every consumer queue of the service is listed; none has anything parked.
    assert {"case-service.inbox-registers", "case-service.distributions"} <= {q["queue"] for q in queues}
    assert {q["parked"] for q in queues} == {0}
    assert (await api.get("/api/cases/ops/parking/nope", headers=admin)).status_code == 404
    replay = await api.post("/api/cases/ops/parking/case-service.inbox-registers/replay", headers=admin)
    assert replay.json() == {"queue": "case-service.inbox-registers", "replayed": 0}
