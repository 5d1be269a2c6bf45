"""Alerts (CASE-16) raised by a customer's reply and by the reply-time limit, removed by an officer,
over the in-process API with a real MongoDB-wire server and RabbitMQ."""

import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from arendo_contracts.events.channel import CustomerReplyReceivedV1, ReceivedDeedSummary
from arendo_contracts.events.inbox import InboxCreatedV1
from arendo_contracts.vocabulary import Channel
from arendo_kit.devauth import DevIssuer
from arendo_kit.testing.apps import running_app
from arendo_kit.testing.events import EventProbe, publish_event
from arendo_kit.testing.factories import inbox_snapshot
from arendo_kit.testing.polling import eventually
from case_service.main import create_app
from case_service.settings import Settings

pytestmark = pytest.mark.integration


@pytest.fixture
def app(settings: Settings) -> FastAPI:
    return create_app(settings)


@pytest.fixture
async def api(app: FastAPI, officer_token: str) -> AsyncIterator[httpx.AsyncClient]:
    async with running_app(app, token=officer_token) as client:
        client.app = app  # type: ignore[attr-defined]
        yield client


async def an_inbox(api: httpx.AsyncClient, rabbitmq_url: str, **changes: Any) -> str:
    inbox_id = f"inkorg-{uuid.uuid4().hex[:8]}"
    snapshot = inbox_snapshot(inbox_id=inbox_id, name=f"Kundtjänst {inbox_id[-4:]}", **changes)
    await publish_event(rabbitmq_url, InboxCreatedV1(inbox=snapshot), source="inbox-service")

    async def replicated() -> bool:
        return (await api.post("/api/cases", json={"inbox_id": inbox_id, "title": "Prov"})).status_code == 201

    await eventually(replicated, what=f"inbox {inbox_id} replicated")
    return inbox_id


async def alerts_of(api: httpx.AsyncClient, case_id: str, count: int = 1) -> dict[str, Any]:
    async def raised() -> dict[str, Any] | None:
        body: dict[str, Any] = (await api.get(f"/api/cases/{case_id}/alerts")).json()
        return body if len(body["alerts"]) >= count else None

    return await eventually(raised, what=f"{count} alert(s) on {case_id}")


def a_reply(case_id: str) -> CustomerReplyReceivedV1:
    return CustomerReplyReceivedV1(
        case_id=case_id,
        received_at=datetime.now(UTC),
        channel=Channel.EMAIL,
        deed=ReceivedDeedSummary(kind="incoming_email", title="Sv: Gatlykta", sender="kund@example.se"),
    )


async def test_a_customer_reply_raises_an_alert_that_an_officer_removes(
    api: httpx.AsyncClient, rabbitmq_url: str
) -> None:
    inbox_id = await an_inbox(api, rabbitmq_url)
    case = (await api.post("/api/cases", json={"inbox_id": inbox_id, "title": "Gatlykta"})).json()
    assert (await api.get(f"/api/cases/{case['id']}/alerts")).json()["alerts"] == []

    async with EventProbe(rabbitmq_url, ["case.updated.v1"]) as probe:
        reply = await publish_event(rabbitmq_url, a_reply(case["id"]), source="channel-gateway")
        tab = await alerts_of(api, case["id"])
        event = await probe.wait_for("case.updated.v1", subject=case["id"])
    alert = tab["alerts"][0]
    assert (alert["kind"], alert["label"]) == ("customer_reply_received", "Kundsvar inkommit")
    assert alert["message"] == "Kundsvar inkommit via E-post från kund@example.se: Sv: Gatlykta"
    assert event.data["case"]["flags"]["has_alerts"] is True  # the inbox view's alert icon
    assert event.causationid == reply.id
    assert [(c["field"], c["new"]) for c in event.data["changes"]] == [("alert", "Kundsvar inkommit")]
    card = (await api.get(f"/api/cases/{case['id']}")).json()
    assert [a["id"] for a in card["alerts"]] == [alert["id"]]

    url = f"/api/cases/{case['id']}/alerts/{alert['id']}"
    assert (await api.delete(url)).status_code == 428
    assert (await api.delete(url, headers={"If-Match": '"1"'})).status_code == 412
    async with EventProbe(rabbitmq_url, ["case.updated.v1"]) as probe:
        removed = await api.delete(url, headers={"If-Match": f'"{tab["version"]}"'})
        assert removed.status_code == 200, removed.text
        cleared = await probe.wait_for("case.updated.v1", subject=case["id"])
    assert removed.json()["alerts"] == []
    assert removed.headers["etag"] == f'"{tab["version"] + 1}"'
    assert cleared.data["case"]["flags"]["has_alerts"] is False
    assert (await api.delete(url, headers={"If-Match": removed.headers["etag"]})).status_code == 404


async def test_a_reply_to_an_unknown_case_raises_nothing_and_parks_nothing(
    api: httpx.AsyncClient, rabbitmq_url: str, dev_issuer: DevIssuer
) -> None:
    inbox_id = await an_inbox(api, rabbitmq_url)
    await publish_event(rabbitmq_url, a_reply("finns-inte"), source="channel-gateway")
    case = (await api.post("/api/cases", json={"inbox_id": inbox_id})).json()
    await publish_event(rabbitmq_url, a_reply(case["id"]), source="channel-gateway")
    assert len((await alerts_of(api, case["id"]))["alerts"]) == 1
    admin = {"Authorization": "Bearer " + dev_issuer.issue(sub="u-a", username="a", name="A", roles=["admin"])}
    parked = {q["queue"]: q["parked"] for q in (await api.get("/api/cases/ops/parking", headers=admin)).json()}
    assert parked["case-service.customer-replies"] == 0


async def test_a_case_not_answered_within_the_inbox_reply_time_gets_an_alert(
    api: httpx.AsyncClient, rabbitmq_url: str
) -> None:
    limited = await an_inbox(api, rabbitmq_url, reply_time_limit_hours=2)
    unlimited = await an_inbox(api, rabbitmq_url)
    # Arrived three hours ago: the two-hour limit ran out already, so the timer is due at once.
    arrived = (datetime.now(UTC) - timedelta(hours=3)).isoformat()
    late = (await api.post("/api/cases", json={"inbox_id": limited, "title": "Sent", "arrived_at": arrived})).json()
    elsewhere = (await api.post("/api/cases", json={"inbox_id": unlimited, "arrived_at": arrived})).json()

    tab = await alerts_of(api, late["id"])
    alert = tab["alerts"][0]
    assert (alert["kind"], alert["label"]) == ("not_answered_in_time", "Ej besvarat inom utsatt tid")
    assert alert["message"] == "Ärendet har inte besvarats inom utsatt tid (2 timmar)"

    async def logged() -> list[dict[str, Any]]:
        log = (await api.get(f"/api/cases/{late['id']}/event-log", params={"type": "alert"})).json()
        entries: list[dict[str, Any]] = log["entries"]
        return entries

    entry = (await eventually(logged, what="the alert in the event log"))[0]
    assert (entry["actor_id"], entry["actor_name"], entry["new"]) == ("system", "System", "Ej besvarat inom utsatt tid")
    timers = api.app.state.runtime.timers  # type: ignore[attr-defined]
    assert await timers.get(kind="reply-time-limit", key=elsewhere["id"]) is None
    assert (await api.get(f"/api/cases/{elsewhere['id']}/alerts")).json()["alerts"] == []


async def test_the_reply_time_timer_alerts_only_an_open_unanswered_case_in_that_inbox(
    api: httpx.AsyncClient, rabbitmq_url: str
) -> None:
    inbox_id = await an_inbox(api, rabbitmq_url)
    timers = api.app.state.runtime.timers  # type: ignore[attr-defined]
    open_case = (await api.post("/api/cases", json={"inbox_id": inbox_id})).json()
    answered = (await api.post("/api/cases", json={"inbox_id": inbox_id})).json()
    patched = await api.patch(
        f"/api/cases/{answered['id']}", json={"customer_answered": True}, headers={"If-Match": '"1"'}
    )
    assert patched.status_code == 200, patched.text
    moved_away = (await api.post("/api/cases", json={"inbox_id": inbox_id})).json()
    due = datetime.now(UTC) - timedelta(minutes=1)
    for case, in_inbox in ((open_case, inbox_id), (answered, inbox_id), (moved_away, "en-annan-inkorg")):
        # A payload version above the case's: no case event of these cases moves or cancels the timer.
        payload = {"case_id": case["id"], "inbox_id": in_inbox, "hours": 4, "version": 99}
        await timers.schedule(kind="reply-time-limit", key=case["id"], due_at=due, payload=payload)

    async def fired() -> bool:
        return all(
            [await timers.get(kind="reply-time-limit", key=c["id"]) is None for c in (open_case, answered, moved_away)]
        )

    await eventually(fired, what="the three timers fired")
    assert [a["kind"] for a in (await alerts_of(api, open_case["id"]))["alerts"]] == ["not_answered_in_time"]
    assert (await api.get(f"/api/cases/{answered['id']}/alerts")).json()["alerts"] == []
    assert (await api.get(f"/api/cases/{moved_away['id']}/alerts")).json()["alerts"] == []
