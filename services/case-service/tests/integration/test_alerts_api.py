"""Alerts (CASE-16) raised by a customer's reply and by the reply-time limit, removed by an officer,
over the in-process API with a real MongoDB-wire server and RabbitMQ."""

from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from arendo_contracts.events.channel import CustomerReplyReceivedV1, ReceivedDeedSummary
from arendo_contracts.vocabulary import Channel
from arendo_kit.testing.events import EventProbe, publish_event
from arendo_kit.testing.fixture_types import AsUser, NewInbox
from arendo_kit.testing.http import if_match
from arendo_kit.testing.polling import eventually

pytestmark = pytest.mark.integration


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
    api: httpx.AsyncClient, new_inbox: NewInbox, rabbitmq_url: str
) -> None:
    inbox_id = await new_inbox()
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
        removed = await api.delete(url, headers=if_match(tab))
        assert removed.status_code == 200, removed.text
        cleared = await probe.wait_for("case.updated.v1", subject=case["id"])
    assert removed.json()["alerts"] == []
    assert removed.headers["etag"] == f'"{tab["version"] + 1}"'
    assert cleared.data["case"]["flags"]["has_alerts"] is False
    assert (await api.delete(url, headers={"If-Match": removed.headers["etag"]})).status_code == 404


async def test_a_reply_to_an_unknown_case_raises_nothing_and_parks_nothing(
    api: httpx.AsyncClient, new_inbox: NewInbox, as_user: AsUser, rabbitmq_url: str
) -> None:
    inbox_id = await new_inbox()
    await publish_event(rabbitmq_url, a_reply("finns-inte"), source="channel-gateway")
    case = (await api.post("/api/cases", json={"inbox_id": inbox_id})).json()
    await publish_event(rabbitmq_url, a_reply(case["id"]), source="channel-gateway")
    assert len((await alerts_of(api, case["id"]))["alerts"]) == 1
    admin = as_user("u-a", "A", "admin")
    parked = {q["queue"]: q["parked"] for q in (await api.get("/api/cases/ops/parking", headers=admin)).json()}
    assert parked["case-service.customer-replies"] == 0


async def test_a_case_not_answered_within_the_inbox_reply_time_gets_an_alert(
    api: httpx.AsyncClient, new_inbox: NewInbox
) -> None:
    limited = await new_inbox(reply_time_limit_hours=2)
    unlimited = await new_inbox()
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
    api: httpx.AsyncClient, new_inbox: NewInbox
) -> None:
    inbox_id = await new_inbox()
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
