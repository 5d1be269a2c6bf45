"""Reopening a case (CASE-28) over the in-process API with a real MongoDB-wire server and RabbitMQ:
manually with a reason, planned (a durable timer that survives a restart and fires once with two
instances), and by a customer's reply within the system-set limit (or a new related case after it)."""

from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import aio_pika
import httpx
import pytest

from arendo_contracts import CloudEvent
from arendo_contracts.events.channel import CustomerReplyReceivedV1, ReceivedDeedSummary
from arendo_contracts.events.registers import SettingsChangedV1, SystemSettingsSnapshot
from arendo_contracts.vocabulary import Channel
from arendo_kit.testing.apps import running_app
from arendo_kit.testing.events import EventProbe, publish_event
from arendo_kit.testing.fixture_types import AsUser, NewInbox, NewUser, ReadCase
from arendo_kit.testing.http import if_match, problem_fields
from arendo_kit.testing.polling import eventually
from case_service.main import create_app
from case_service.settings import Settings

pytestmark = pytest.mark.integration

CONFIRMED = {"confirmed": True}
TIMER = "scheduled-reopen"


async def a_closed_case(api: httpx.AsyncClient, inbox_id: str, **fields: Any) -> dict[str, Any]:
    created = await api.post("/api/cases", json={"inbox_id": inbox_id, **fields})
    assert created.status_code == 201, created.text
    closed = await api.post(
        f"/api/cases/{created.json()['id']}/close",
        json={**CONFIRMED, "close_unanswered": True},
        headers=if_match(created.json()),
    )
    assert closed.status_code == 200, closed.text
    case: dict[str, Any] = closed.json()["case"]
    return case


async def log_entries(api: httpx.AsyncClient, case_id: str, **params: str) -> list[dict[str, Any]]:
    entries: list[dict[str, Any]] = (await api.get(f"/api/cases/{case_id}/event-log", params=params)).json()["entries"]
    return entries


def a_reply(
    case_id: str, *, title: str | None = "Sv: Gatlykta", received_at: datetime | None = None
) -> CustomerReplyReceivedV1:
    return CustomerReplyReceivedV1(
        case_id=case_id,
        received_at=received_at or datetime.now(UTC),
        channel=Channel.EMAIL,
        deed=ReceivedDeedSummary(
            kind="incoming_email", title=title, sender="kund@example.se", excerpt="Lampan lyser fortfarande inte"
        ),
    )


async def redeliver(api: httpx.AsyncClient, url: str, event: CloudEvent) -> None:
    """The same event (same id) once more, as after a delivery whose handling was cut short before
    it was recorded as done (the consumer would skip it otherwise); returns once it is handled."""
    processed = api.app.state.runtime.db["processed_messages"]  # type: ignore[attr-defined]
    key = f"case-service.customer-replies:{event.id}"
    assert (await processed.delete_one({"_id": key})).deleted_count == 1
    connection = await aio_pika.connect(url)
    async with connection:
        channel = await connection.channel(publisher_confirms=True)
        exchange = await channel.declare_exchange("arendo.events", aio_pika.ExchangeType.TOPIC, durable=True)
        message = aio_pika.Message(
            body=event.amqp_body(),
            headers=event.amqp_headers(),
            content_type="application/json",
            message_id=event.id,
            delivery_mode=aio_pika.DeliveryMode.PERSISTENT,
        )
        await exchange.publish(message, routing_key=event.routing_key)

    async def handled() -> bool:
        doc = await processed.find_one({"_id": key})
        return doc is not None and doc["state"] == "done"

    await eventually(handled, what=f"redelivered {event.id} handled")


# --- manual reopening ---------------------------------------------------------------------------


async def test_a_manual_reopening_is_logged_with_its_reason(
    api: httpx.AsyncClient, new_inbox: NewInbox, rabbitmq_url: str
) -> None:
    inbox_id = await new_inbox()
    case = await a_closed_case(api, inbox_id, title="Gatlykta")
    url = f"/api/cases/{case['id']}/reopen"
    assert (await api.post(url, json={})).status_code == 428

    async with EventProbe(rabbitmq_url, ["case.reopened.v1", "case.updated.v1"]) as probe:
        reopened = await api.post(url, json={"reason": "Kunden ringde igen"}, headers=if_match(case))
        assert reopened.status_code == 200, reopened.text
        event = await probe.wait_for("case.reopened.v1", subject=case["id"])
    body = reopened.json()
    assert (body["status"], body["closed_at"], body["scheduled_reopen"]) == ("reopened", None, None)
    assert reopened.headers["etag"] == f'"{case["version"] + 1}"'
    assert (event.data["reason"], event.data["reopened_by"], event.actor) == ("manual", "u-bengt", "u-bengt")
    assert event.data["message"] == "Återöppnat manuellt: Kunden ringde igen"
    assert event.data["case"]["closed_at"] is None
    assert [(c["field"], c["new"]) for c in event.data["changes"]] == [
        ("status", "reopened"),
        ("closed_at", None),
        ("reopen_reason", "Återöppnat manuellt: Kunden ringde igen"),
    ]
    assert probe.of_type("case.updated.v1") == []

    async def logged() -> list[dict[str, Any]]:
        return await log_entries(api, case["id"], type="reopening")

    entry = (await eventually(logged, what="the reopening in the event log"))[0]
    assert (entry["field_label"], entry["new"], entry["type_label"]) == (
        "Orsak till återöppning",
        "Återöppnat manuellt: Kunden ringde igen",
        "Återöppning",
    )
    assert entry["actor_id"] == "u-bengt"

    again = await api.post(url, json={}, headers={"If-Match": reopened.headers["etag"]})
    assert again.status_code == 409
    assert problem_fields(again) == {"status"}


async def test_only_the_officer_of_the_case_reopens_it(
    api: httpx.AsyncClient,
    new_inbox: NewInbox,
    read_case: ReadCase,
    new_user: NewUser,
    as_user: AsUser,
    rabbitmq_url: str,
) -> None:
    inbox_id = await new_inbox()
    await new_user("u-bengt", "Bengt Berg", inbox_id)
    created = (await api.post("/api/cases", json={"inbox_id": inbox_id})).json()
    mine = await api.put(
        f"/api/cases/{created['id']}/officer", json={"officer_id": "u-bengt"}, headers=if_match(created)
    )
    assert mine.status_code == 200, mine.text
    closed = await api.post(f"/api/cases/{created['id']}/close", json=CONFIRMED, headers=if_match(mine.json()))
    case = closed.json()["case"]
    carl = as_user("u-carl", "Carl")
    refused = await api.post(f"/api/cases/{case['id']}/reopen", json={}, headers={**carl, **if_match(case)})
    assert refused.status_code == 403
    assert "Bengt Berg" in refused.json()["detail"]
    planned = {"at": (datetime.now(UTC) + timedelta(days=2)).isoformat()}
    assert (
        await api.post(f"/api/cases/{case['id']}/reopen", json=planned, headers={**carl, **if_match(case)})
    ).status_code == 403
    assert (await read_case(case["id"]))["status"] == "closed"
    # Setting another status is reopening too, under the same rule, and records it.
    async with EventProbe(rabbitmq_url, ["case.reopened.v1"]) as probe:
        changed = await api.put(
            f"/api/cases/{case['id']}/status", json={"status": "in_progress"}, headers=if_match(case)
        )
        assert changed.status_code == 200, changed.text
        event = await probe.wait_for("case.reopened.v1", subject=case["id"])
    assert (changed.json()["status"], changed.json()["closed_at"]) == ("in_progress", None)
    assert event.data["message"] == "Återöppnat manuellt (status Pågående)"


# --- planned reopening --------------------------------------------------------------------------


async def test_a_planned_reopening_is_set_and_cancelled_with_its_timer(
    api: httpx.AsyncClient, new_inbox: NewInbox, rabbitmq_url: str
) -> None:
    inbox_id = await new_inbox()
    case = await a_closed_case(api, inbox_id)
    url = f"/api/cases/{case['id']}"
    timers = api.app.state.runtime.timers  # type: ignore[attr-defined]
    at = (datetime.now(UTC) + timedelta(days=3)).replace(microsecond=0)

    async with EventProbe(rabbitmq_url, ["case.updated.v1"]) as probe:
        planned = await api.post(
            f"{url}/reopen", json={"at": at.isoformat(), "reason": "Följ upp"}, headers=if_match(case)
        )
        assert planned.status_code == 200, planned.text
        event = await probe.wait_for("case.updated.v1", subject=case["id"])
    body = planned.json()
    assert body["status"] == "closed"
    assert datetime.fromisoformat(body["scheduled_reopen"]["at"]) == at
    assert (body["scheduled_reopen"]["reason"], body["scheduled_reopen"]["by_id"]) == ("Följ upp", "u-bengt")
    assert [(c["field"], c["old"]) for c in event.data["changes"]] == [("scheduled_reopen", None)]
    assert datetime.fromisoformat(event.data["changes"][0]["new"]) == at
    timer = await timers.get(kind=TIMER, key=case["id"])
    assert timer is not None
    assert (timer["due_at"], timer["payload"]["version"]) == (at, body["version"])

    # A second plan replaces the first.
    later = at + timedelta(days=1)
    moved = await api.post(f"{url}/reopen", json={"at": later.isoformat()}, headers=if_match(body))
    assert moved.status_code == 200, moved.text
    assert (await timers.get(kind=TIMER, key=case["id"]))["due_at"] == later

    assert (await api.delete(f"{url}/scheduled-reopen")).status_code == 428
    cancelled = await api.delete(f"{url}/scheduled-reopen", headers=if_match(moved.json()))
    assert cancelled.status_code == 200, cancelled.text
    assert (cancelled.json()["scheduled_reopen"], cancelled.json()["status"]) == (None, "closed")
    assert await timers.get(kind=TIMER, key=case["id"]) is None
    gone = await api.delete(f"{url}/scheduled-reopen", headers=if_match(cancelled.json()))
    assert gone.status_code == 404

    # Reopening by hand drops a plan and its timer.
    replanned = await api.post(f"{url}/reopen", json={"at": later.isoformat()}, headers=if_match(cancelled.json()))
    reopened = await api.post(f"{url}/reopen", json={}, headers=if_match(replanned.json()))
    assert (reopened.json()["status"], reopened.json()["scheduled_reopen"]) == ("reopened", None)
    assert await timers.get(kind=TIMER, key=case["id"]) is None


async def test_bad_reopening_input_is_named(api: httpx.AsyncClient, new_inbox: NewInbox, read_case: ReadCase) -> None:
    inbox_id = await new_inbox()
    case = await a_closed_case(api, inbox_id)
    url = f"/api/cases/{case['id']}/reopen"
    far = (datetime.now(UTC) + timedelta(days=365 * 6)).isoformat()
    for body, field in (
        ({"at": far}, "at"),
        ({"at": "2027-01-01T10:00:00"}, "at"),
        ({"at": "i morgon"}, "at"),
        ({"reason": "x" * 501}, "reason"),
        ({"when": "now"}, "when"),
    ):
        response = await api.post(url, json=body, headers=if_match(case))
        assert (response.status_code, problem_fields(response)) == (422, {field}), body
    assert (await read_case(case["id"]))["version"] == case["version"]
    open_case = (await api.post("/api/cases", json={"inbox_id": inbox_id})).json()
    planned = {"at": (datetime.now(UTC) + timedelta(days=1)).isoformat()}
    refused = await api.post(f"/api/cases/{open_case['id']}/reopen", json=planned, headers=if_match(open_case))
    assert (refused.status_code, problem_fields(refused)) == (409, {"status"})
    # A time already passed is now.
    past = {"at": (datetime.now(UTC) - timedelta(hours=1)).isoformat()}
    now = await api.post(url, json=past, headers=if_match(case))
    assert (now.status_code, now.json()["status"]) == (200, "reopened")


async def test_a_planned_reopening_fires_after_a_restart(
    new_inbox_via: Callable[..., Awaitable[str]], settings: Settings, officer_token: str, rabbitmq_url: str
) -> None:
    async with running_app(create_app(settings), token=officer_token) as first:
        inbox_id = await new_inbox_via(first)
        case = await a_closed_case(first, inbox_id)
        at = datetime.now(UTC) + timedelta(seconds=3)
        planned = await first.post(
            f"/api/cases/{case['id']}/reopen", json={"at": at.isoformat(), "reason": "Följ upp"}, headers=if_match(case)
        )
        assert planned.status_code == 200, planned.text
        version = planned.json()["version"]
    # The first instance is gone before the time comes; a new one on the same database fires it.
    async with (
        EventProbe(rabbitmq_url, ["case.reopened.v1"]) as probe,
        running_app(create_app(settings), token=officer_token) as second,
    ):

        async def reopened() -> dict[str, Any] | None:
            current = (await second.get(f"/api/cases/{case['id']}")).json()
            return current if current["status"] == "reopened" else None

        after = await eventually(reopened, timeout=30, what="the planned reopening after the restart")
        event = await probe.wait_for("case.reopened.v1", subject=case["id"])
    assert (after["closed_at"], after["scheduled_reopen"], after["version"]) == (None, None, version + 1)
    assert (event.data["reason"], event.data["message"]) == ("scheduled", "Schemalagd återöppning")
    assert (event.actor, event.data["reopened_by"]) == ("u-bengt", "u-bengt")
    assert ("reopen_reason", "Schemalagd återöppning: Följ upp") in [
        (c["field"], c["new"]) for c in event.data["changes"]
    ]


async def test_a_planned_reopening_fires_once_with_two_instances(
    new_inbox_via: Callable[..., Awaitable[str]],
    settings: Settings,
    officer_token: str,
    rabbitmq_url: str,
) -> None:
    apps = (create_app(settings), create_app(settings))
    async with (
        running_app(apps[0], token=officer_token) as one,
        running_app(apps[1], token=officer_token) as two,
        EventProbe(rabbitmq_url, ["case.reopened.v1"]) as probe,
    ):
        inbox_id = await new_inbox_via(one)
        cases = [await a_closed_case(one, inbox_id) for _ in range(3)]
        at = (datetime.now(UTC) + timedelta(seconds=2)).isoformat()
        versions = {}
        for case in cases:
            planned = await two.post(f"/api/cases/{case['id']}/reopen", json={"at": at}, headers=if_match(case))
            assert planned.status_code == 200, planned.text
            versions[case["id"]] = planned.json()["version"]

        async def all_reopened() -> bool:
            return all([(await one.get(f"/api/cases/{c['id']}")).json()["status"] == "reopened" for c in cases])

        await eventually(all_reopened, timeout=30, what="the planned reopenings")
        for case in cases:
            await probe.wait_for("case.reopened.v1", subject=case["id"])
        timers = apps[0].state.runtime.timers

        async def timers_done() -> bool:
            return all([await timers.get(kind=TIMER, key=c["id"]) is None for c in cases])

        await eventually(timers_done, what="the timers completed")
        for case in cases:
            current = (await two.get(f"/api/cases/{case['id']}")).json()
            assert current["version"] == versions[case["id"]] + 1  # one step: reopened once
            ids = {e.id for e in probe.of_type("case.reopened.v1") if e.subject == case["id"]}
            assert len(ids) == 1, ids
        workers = [app.state.runtime.timer_worker for app in apps]
        assert sum(worker.fired for worker in workers) == len(cases)  # each timer fired by one of them


# --- a customer's reply to a closed case ---------------------------------------------------------


async def test_a_reply_within_the_limit_reopens_the_case_and_tells_its_officer(
    api: httpx.AsyncClient, new_inbox: NewInbox, read_case: ReadCase, new_user: NewUser, rabbitmq_url: str
) -> None:
    inbox_id = await new_inbox()
    await new_user("u-bengt", "Bengt Berg", inbox_id)
    created = (await api.post("/api/cases", json={"inbox_id": inbox_id, "title": "Gatlykta"})).json()
    mine = await api.put(
        f"/api/cases/{created['id']}/officer", json={"officer_id": "u-bengt"}, headers=if_match(created)
    )
    closed = await api.post(f"/api/cases/{created['id']}/close", json=CONFIRMED, headers=if_match(mine.json()))
    case = closed.json()["case"]

    async with EventProbe(rabbitmq_url, ["case.reopened.v1", "case.created.v1"]) as probe:
        reply = await publish_event(rabbitmq_url, a_reply(case["id"]), source="channel-gateway")
        event = await probe.wait_for("case.reopened.v1", subject=case["id"])
    assert (event.data["reason"], event.data["reopened_by"]) == ("customer_reply", "system")
    assert event.data["notify_user_ids"] == ["u-bengt"]
    assert event.data["message"] == "Kundsvar inkommit via E-post från kund@example.se: Sv: Gatlykta"
    assert event.causationid == reply.id
    assert [(c["field"], c["new"]) for c in event.data["changes"]] == [
        ("status", "reopened"),
        ("closed_at", None),
        ("reopen_reason", "Kundsvar inom 30 dagar efter avslut"),
        ("alert", "Kundsvar inkommit"),
        ("alert", "Automatiskt återöppnat"),
    ]
    assert probe.of_type("case.created.v1") == []
    after = await read_case(case["id"])
    assert (after["status"], after["closed_at"], after["version"]) == ("reopened", None, case["version"] + 1)
    assert [(a["kind"], a["label"]) for a in after["alerts"]] == [
        ("customer_reply_received", "Kundsvar inkommit"),
        ("reopened_automatically", "Automatiskt återöppnat"),
    ]
    assert after["alerts"][1]["message"] == "Ärendet återöppnades automatiskt: kundsvar inom 30 dagar efter avslut"

    # The same reply once more changes nothing, even after the case was closed again.
    closed_again = await api.post(f"/api/cases/{case['id']}/close", json=CONFIRMED, headers=if_match(after))
    assert closed_again.status_code == 200, closed_again.text
    await redeliver(api, rabbitmq_url, reply)
    final = await read_case(case["id"])
    assert (final["status"], final["version"], len(final["alerts"])) == ("closed", after["version"] + 1, 2)


async def test_a_reply_after_the_limit_starts_a_new_related_case_once(
    api: httpx.AsyncClient, new_inbox: NewInbox, read_case: ReadCase, rabbitmq_url: str
) -> None:
    registers = api.app.state.context.registers  # type: ignore[attr-defined]
    current = await registers.system_settings()
    settings = SystemSettingsSnapshot(
        **{**current.model_dump(exclude={"version"}), "auto_reopen_days": 0}, version=1000
    )
    await publish_event(rabbitmq_url, SettingsChangedV1(settings=settings), source="inbox-service")

    async def replicated() -> bool:
        return (await registers.system_settings()).auto_reopen_days == 0

    await eventually(replicated, what="auto_reopen_days = 0 replicated")
    inbox_id = await new_inbox()
    created = (
        await api.post("/api/cases", json={"inbox_id": inbox_id, "title": "Gatlykta", "channel": "phone"})
    ).json()
    customer = {"first_name": "Karin", "last_name": "Karlsson", "email": "karin@example.se"}
    with_customer = await api.put(f"/api/cases/{created['id']}/customer", json=customer, headers=if_match(created))
    assert with_customer.status_code == 200, with_customer.text
    closed = await api.post(f"/api/cases/{created['id']}/close", json=CONFIRMED, headers=if_match(with_customer.json()))
    old = closed.json()["case"]

    async with EventProbe(rabbitmq_url, ["case.created.v1", "case.updated.v1", "case.reopened.v1"]) as probe:
        reply = await publish_event(rabbitmq_url, a_reply(old["id"], title=None), source="channel-gateway")

        async def related() -> dict[str, Any] | None:
            current = await read_case(old["id"])
            return current if current["sub_cases"] else None

        old_after = await eventually(related, what="the new case related to the old one")
        new_id = old_after["sub_cases"][0]["case_id"]
        created_event = await probe.wait_for("case.created.v1", subject=new_id)
        relation_event = await probe.wait_for("case.updated.v1", subject=old["id"])
    assert probe.of_type("case.reopened.v1") == []
    assert (old_after["status"], old_after["version"]) == ("closed", old["version"] + 1)
    assert [(c["field"], c["new"]) for c in relation_event.data["changes"]] == [
        ("sub_case", created_event.data["case"]["number"])
    ]
    new = await read_case(new_id)
    assert (new["title"], new["inbox_id"], new["channel"], new["status"]) == ("Sv: Gatlykta", inbox_id, "email", "new")
    assert (new["customer"]["first_name"], new["customer"]["email"]) == ("Karin", "karin@example.se")
    assert new["main_case"]["case_id"] == old["id"]
    assert [a["kind"] for a in new["alerts"]] == ["customer_reply_received"]
    assert created_event.causationid == reply.id
    tab = (await api.get(f"/api/cases/{old['id']}/relations")).json()
    assert [r["case_id"] for r in tab["related"]] == [new_id]

    # The old case's half is lost (a crash between the writes); the redelivered reply completes it
    # and starts no second case.
    repository = api.app.state.context.cases  # type: ignore[attr-defined]
    stored = await repository.require(old["id"])
    await repository.store(stored.model_copy(update={"sub_cases": (), "version": stored.next_version()}))
    await redeliver(api, rabbitmq_url, reply)
    again = await read_case(old["id"])
    assert [s["case_id"] for s in again["sub_cases"]] == [new_id]
    children = await repository.collection.count_documents({"main_case.case_id": old["id"]})
    assert children == 1
    assert (await read_case(new_id))["version"] == new["version"]
