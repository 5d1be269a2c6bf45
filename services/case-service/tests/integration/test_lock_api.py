"""Locking a case (CASE-26) over the in-process API with real MongoDB-wire server and RabbitMQ,
including the durable lock-expiry timer."""

from datetime import datetime, timedelta
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from arendo_contracts.events.registers import SettingsChangedV1, SystemSettingsSnapshot
from arendo_kit.auth import User
from arendo_kit.clock import utc_now
from arendo_kit.testing.events import EventProbe, publish_event
from arendo_kit.testing.fixture_types import AsUser, NewCase
from arendo_kit.testing.http import if_match
from arendo_kit.testing.polling import eventually
from arendo_kit.timers import TimerWorker
from case_service.api.deps import CaseContext
from case_service.service.lock import LOCK_EXPIRY_TIMER, lock_case, lock_expiry_handler

pytestmark = pytest.mark.integration

CARL = User(id="u-carl", username="carl", name="Carl Claesson", roles=frozenset())


@pytest.fixture
def carl(as_user: AsUser) -> dict[str, str]:
    return as_user("u-carl", "Carl Claesson")


def context(app: FastAPI) -> CaseContext:
    ctx: CaseContext = app.state.context
    return ctx


async def test_the_lock_keeps_others_out_until_anyone_unlocks_it(
    api: httpx.AsyncClient, new_case: NewCase, rabbitmq_url: str, carl: dict[str, str]
) -> None:
    case = await new_case(title="Trasig gatlykta")
    url = f"/api/cases/{case['id']}"
    async with EventProbe(rabbitmq_url, ["case.updated.v1"]) as probe:
        locked = await api.post(f"{url}/lock")
        assert locked.status_code == 200, locked.text
        event = await probe.wait_for("case.updated.v1", subject=case["id"])
    lock = locked.json()["lock"]
    assert (lock["holder_id"], lock["holder_name"]) == ("u-bengt", "Bengt Berg")
    since = datetime.fromisoformat(lock["since"])
    assert datetime.fromisoformat(lock["expires_at"]) - since == timedelta(minutes=30)  # the default setting
    assert locked.headers["etag"] == f'"{case["version"] + 1}"'
    assert event.data["case"]["flags"]["locked"] is True
    published = event.data["case"]["lock"]
    assert (published["locked_by"], published["locked_by_name"]) == ("u-bengt", "Bengt Berg")
    assert datetime.fromisoformat(published["locked_at"]) == since
    assert [(c["field"], c["old"], c["new"]) for c in event.data["changes"]] == [("locked_by", None, "Bengt Berg")]
    case = locked.json()

    # Carl sees who has it and since when, and cannot lock or change it.
    refused = await api.post(f"{url}/lock", headers=carl)
    assert refused.status_code == 409
    assert refused.json()["detail"].startswith("Ärendet är låst av Bengt Berg sedan ")
    assert (await api.get(url, headers=carl)).json()["lock"]["holder_name"] == "Bengt Berg"
    for change in (
        api.patch(url, json={"title": "Carls rubrik"}, headers={**carl, **if_match(case)}),
        api.put(f"{url}/status", json={"status": "in_progress"}, headers={**carl, **if_match(case)}),
        api.put(f"{url}/officer", json={"officer_id": "u-carl"}, headers={**carl, **if_match(case)}),
        api.put(f"{url}/case-types", json={"case_types": []}, headers={**carl, **if_match(case)}),
        api.put(f"{url}/areas", json={"area_ids": []}, headers={**carl, **if_match(case)}),
    ):
        response = await change
        assert response.status_code == 409, response.text
        assert response.json()["errors"] == [{"field": "lock", "message": response.json()["detail"]}]
    assert (await api.post(f"{url}/lock/heartbeat", headers=carl)).status_code == 409

    # Bengt, the holder, changes it; opening it again or a heartbeat keeps his version (ETag).
    changed = await api.patch(url, json={"title": "Gatlykta släckt"}, headers=if_match(case))
    assert changed.status_code == 200
    case = changed.json()
    beat = await api.post(f"{url}/lock/heartbeat")
    assert beat.status_code == 200
    assert beat.headers["etag"] == f'"{case["version"]}"'
    assert beat.json()["lock"]["since"] == lock["since"]
    assert beat.json()["lock"]["expires_at"] >= lock["expires_at"]
    again = await api.post(f"{url}/lock")
    assert again.json()["version"] == case["version"]
    assert (await api.patch(url, json={"priority": "urgent"}, headers=if_match(case))).status_code == 200

    # Anyone may unlock; it is recorded with whose lock it was.
    async with EventProbe(rabbitmq_url, ["case.updated.v1"]) as probe:
        unlocked = await api.delete(f"{url}/lock", headers=carl)
        assert unlocked.status_code == 200
        event = await probe.wait_for("case.updated.v1", subject=case["id"])
    assert unlocked.json()["lock"] is None
    assert event.actor == "u-carl"
    assert event.data["case"]["flags"]["locked"] is False
    assert event.data["case"]["lock"] is None
    assert [(c["field"], c["old"], c["new"]) for c in event.data["changes"]] == [("locked_by", "Bengt Berg", None)]
    assert (await api.post(f"{url}/lock/heartbeat")).status_code == 409  # Bengt learns the lock is gone
    case = unlocked.json()
    assert (await api.patch(url, json={"title": "Carls rubrik"}, headers={**carl, **if_match(case)})).status_code == 200
    assert (await api.delete(f"{url}/lock")).status_code == 200  # unlocking an unlocked case is no change


async def test_lock_errors(api: httpx.AsyncClient) -> None:
    assert (await api.post("/api/cases/finns-inte/lock")).status_code == 404
    assert (await api.delete("/api/cases/finns-inte/lock")).status_code == 404
    assert (await api.post("/api/cases/x/lock", headers={"Authorization": ""})).status_code == 401


async def test_the_expiry_setting_and_a_lock_past_it_counts_as_free(
    app: FastAPI, api: httpx.AsyncClient, new_case: NewCase, rabbitmq_url: str, carl: dict[str, str]
) -> None:
    settings = SystemSettingsSnapshot(lock_expiry_minutes=5, version=2)
    await publish_event(rabbitmq_url, SettingsChangedV1(settings=settings), source="inbox-service")
    ctx = context(app)

    async def replicated() -> bool:
        return (await ctx.registers.system_settings()).lock_expiry_minutes == 5

    await eventually(replicated, what="settings replicated")
    case = await new_case(title="Trasig gatlykta")
    lock = (await api.post(f"/api/cases/{case['id']}/lock")).json()["lock"]
    assert datetime.fromisoformat(lock["expires_at"]) - datetime.fromisoformat(lock["since"]) == timedelta(minutes=5)
    timer = await ctx.timers.get(kind=LOCK_EXPIRY_TIMER, key=case["id"])
    assert timer is not None
    assert timer["due_at"] == datetime.fromisoformat(lock["expires_at"])

    # Carl locked another case an hour ago and left without heartbeat: it counts as free now.
    other = await new_case(title="Trasig gatlykta")
    an_hour_ago = utc_now() - timedelta(hours=1)
    await lock_case(
        cases=ctx.cases,
        registers=ctx.registers,
        timers=ctx.timers,
        events=ctx.events,
        caller=CARL,
        case_id=other["id"],
        clock=lambda: an_hour_ago,
    )
    current = (await api.get(f"/api/cases/{other['id']}")).json()
    changed = await api.patch(f"/api/cases/{other['id']}", json={"title": "Bengts"}, headers=if_match(current))
    assert changed.status_code == 200, changed.text
    async with EventProbe(rabbitmq_url, ["case.updated.v1"]) as probe:
        taken = await api.post(f"/api/cases/{other['id']}/lock")
        assert taken.status_code == 200
        event = await probe.wait_for("case.updated.v1", subject=other["id"])
    assert taken.json()["lock"]["holder_id"] == "u-bengt"
    # The inbox view learns the new holder with the change of holder.
    assert [(c["field"], c["old"], c["new"]) for c in event.data["changes"]] == [
        ("locked_by", "Carl Claesson", "Bengt Berg")
    ]
    assert event.data["case"]["lock"]["locked_by_name"] == "Bengt Berg"
    locked_at = datetime.fromisoformat(event.data["case"]["lock"]["locked_at"])
    assert locked_at == datetime.fromisoformat(taken.json()["lock"]["since"])


async def test_the_expiry_timer_releases_a_lock_nobody_kept_alive(
    app: FastAPI, api: httpx.AsyncClient, new_case: NewCase, rabbitmq_url: str
) -> None:
    ctx = context(app)
    case = await new_case(title="Trasig gatlykta")
    locked = (await api.post(f"/api/cases/{case['id']}/lock")).json()
    expires_at = datetime.fromisoformat(locked["lock"]["expires_at"])

    # A worker whose clock is a minute short of the expiry finds nothing due.
    def worker_at(moment: datetime) -> TimerWorker:
        clock = lambda: moment  # noqa: E731
        handler = lock_expiry_handler(cases=ctx.cases, events=ctx.events, timers=ctx.timers, clock=clock)
        return TimerWorker(store=ctx.timers, handlers={LOCK_EXPIRY_TIMER: handler}, clock=clock)

    assert await worker_at(expires_at - timedelta(minutes=1)).run_due() == 0
    assert (await api.get(f"/api/cases/{case['id']}")).json()["lock"] is not None

    # A heartbeat moves the timer; moved past the old expiry it still finds nothing due.
    await api.post(f"/api/cases/{case['id']}/lock/heartbeat")
    beat = (await api.get(f"/api/cases/{case['id']}")).json()
    new_expiry = datetime.fromisoformat(beat["lock"]["expires_at"])
    timer = await ctx.timers.get(kind=LOCK_EXPIRY_TIMER, key=case["id"])
    assert timer is not None
    assert timer["due_at"] == new_expiry

    async with EventProbe(rabbitmq_url, ["case.updated.v1"]) as probe:
        assert await worker_at(new_expiry + timedelta(seconds=1)).run_due() == 1
        event = await probe.wait_for("case.updated.v1", subject=case["id"])
    assert event.actor == "system"
    assert event.data["case"]["flags"]["locked"] is False
    assert event.data["case"]["lock"] is None
    assert [(c["field"], c["old"], c["new"]) for c in event.data["changes"]] == [("locked_by", "Bengt Berg", None)]
    released = (await api.get(f"/api/cases/{case['id']}")).json()
    assert released["lock"] is None
    assert released["version"] == locked["version"] + 1
    assert await ctx.timers.get(kind=LOCK_EXPIRY_TIMER, key=case["id"]) is None


async def test_the_running_service_releases_an_expired_lock_by_its_timer(
    app: FastAPI, api: httpx.AsyncClient, new_case: NewCase, rabbitmq_url: str
) -> None:
    """The service's own timer worker fires a lock-expiry timer that is due and clears the lock."""
    ctx = context(app)
    case = await new_case(title="Trasig gatlykta")
    long_ago = utc_now() - timedelta(hours=1)
    async with EventProbe(rabbitmq_url, ["case.updated.v1"]) as probe:
        await lock_case(
            cases=ctx.cases,
            registers=ctx.registers,
            timers=ctx.timers,
            events=ctx.events,
            caller=CARL,
            case_id=case["id"],
            clock=lambda: long_ago,
        )

        async def released() -> Any:
            events = [e for e in probe.of_type("case.updated.v1") if e.subject == case["id"]]
            return events if events and events[-1].data["case"]["flags"]["locked"] is False else None

        events = await eventually(released, what="the expired lock released by the timer")
    assert [e.actor for e in events] == ["u-carl", "system"]
    assert (await api.get(f"/api/cases/{case['id']}")).json()["lock"] is None
