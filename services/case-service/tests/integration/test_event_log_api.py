"""The event log (CASE-15) kept from the case-service's own events, over the in-process API with a
real MongoDB-wire server and RabbitMQ."""

from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from pymongo.asynchronous.database import AsyncDatabase

from arendo_contracts.events.case import FieldChange
from arendo_kit.mongo import Document
from arendo_kit.testing.fixture_types import AsUser, NewInbox, NewUser
from arendo_kit.testing.http import if_match, problem_fields
from arendo_kit.testing.polling import eventually
from case_service.domain.event_log import entries_of_changes, entries_of_created
from case_service.store import EventLogStore

pytestmark = pytest.mark.integration


async def logged(api: httpx.AsyncClient, case_id: str, count: int, **params: str) -> dict[str, Any]:
    """The event log once it holds at least `count` entries (the projection follows the events)."""

    async def filled() -> dict[str, Any] | None:
        body: dict[str, Any] = (await api.get(f"/api/cases/{case_id}/event-log", params=params)).json()
        return body if body["total"] >= count else None

    return await eventually(filled, what=f"{count} event log entries for {case_id}")


async def test_every_change_is_logged_with_who_when_and_old_to_new(
    api: httpx.AsyncClient, new_inbox: NewInbox, new_user: NewUser, as_user: AsUser
) -> None:
    inbox_id = await new_inbox()
    # The name the user register has, not the token's, is what the log shows.
    await new_user("u-bengt", "Bengt Berg (KC)", inbox_id)
    sara = as_user("u-sara", "Sara")
    before = datetime.now(UTC) - timedelta(seconds=1)
    case = (await api.post("/api/cases", json={"inbox_id": inbox_id, "title": "Fråga"})).json()
    url = f"/api/cases/{case['id']}"
    changed = await api.patch(url, json={"title": "Fråga om altan", "priority": "urgent"}, headers=if_match(case))
    assert changed.status_code == 200
    status = await api.put(
        f"{url}/status", json={"status": "in_progress"}, headers={**sara, **if_match(changed.json())}
    )
    assert status.status_code == 200
    linked = await api.post(f"{url}/links", json={"url": "https://kommun.se"}, headers=if_match(status.json()))
    assert linked.status_code == 201

    log = await logged(api, case["id"], 5)
    entries = log["entries"]
    assert log["groups"] is None
    assert [(e["type"], e["field"], e["old"], e["new"]) for e in entries] == [
        ("link", "link", None, "https://kommun.se"),
        ("status", "status", "new", "in_progress"),
        ("changed", "priority", "normal", "urgent"),
        ("changed", "title", "Fråga", "Fråga om altan"),
        ("registered", None, None, None),
    ]  # newest first; the changes of one event in their order, reversed
    newest, status_entry, priority, _, registered = entries
    assert (priority["field_label"], priority["old_text"], priority["new_text"]) == ("Prioritet", "Normal", "Akut")
    assert (status_entry["type_label"], status_entry["new_text"]) == ("Statusändring", "Pågående")
    assert (status_entry["actor_id"], status_entry["actor_name"]) == ("u-sara", "u-sara")  # not in the register
    assert (registered["type_label"], registered["actor_name"]) == ("Ärendet registrerat", "Bengt Berg (KC)")
    assert newest["type_label"] == "Länkrelation"
    assert before <= datetime.fromisoformat(registered["at"]) <= datetime.fromisoformat(newest["at"])

    async def fields(**params: str) -> list[str | None]:
        body = (await api.get(f"{url}/event-log", params=params)).json()
        return [e["field"] for e in body["entries"]]

    assert await fields(type="status") == ["status"]
    assert await fields(officer="u-sara") == ["status"]
    assert await fields(officer="KC", order="asc") == [None, "title", "priority", "link"]
    assert await fields(sort="field", order="asc") == [None, "link", "priority", "title", "status"]
    # by the Swedish label: "" < Länk < Prioritet < Rubrik < Status
    assert await fields(until=(before - timedelta(days=1)).isoformat()) == []
    assert len(await fields(since=before.isoformat(), until=(before + timedelta(hours=1)).isoformat())) == 5

    grouped = (await api.get(f"{url}/event-log", params={"group_by": "actor"})).json()
    assert [(g["key"], g["label"], g["count"]) for g in grouped["groups"]] == [
        ("u-bengt", "Bengt Berg (KC)", 4),
        ("u-sara", "u-sara", 1),
    ]
    assert [e["actor_id"] for e in grouped["entries"]] == ["u-bengt"] * 4 + ["u-sara"]
    by_type = (await api.get(f"{url}/event-log", params={"group_by": "type"})).json()["groups"]
    assert {(g["key"], g["count"]) for g in by_type} == {("link", 1), ("status", 1), ("changed", 2), ("registered", 1)}


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"sort": "colour"}, "query.sort"),
        ({"order": "up"}, "query.order"),
        ({"group_by": "weather"}, "query.group_by"),
        ({"type": "exploded"}, "query.type"),
        ({"since": "yesterday"}, "query.since"),
        ({"since": "2026-11-02T10:00:00"}, "query.since"),  # no time zone
        ({"since": "2026-11-03T10:00:00Z", "until": "2026-11-02T10:00:00Z"}, "since"),
    ],
)
async def test_bad_filters_name_the_parameter(
    api: httpx.AsyncClient, new_inbox: NewInbox, params: dict[str, str], field: str
) -> None:
    inbox_id = await new_inbox()
    case = (await api.post("/api/cases", json={"inbox_id": inbox_id})).json()
    response = await api.get(f"/api/cases/{case['id']}/event-log", params=params)
    assert response.status_code == 422
    assert field in problem_fields(response)


async def test_the_log_of_an_unknown_case_is_not_found(api: httpx.AsyncClient) -> None:
    assert (await api.get("/api/cases/finns-inte/event-log")).status_code == 404


async def test_writing_the_same_entries_again_changes_nothing(mongo_db: AsyncDatabase[Document]) -> None:
    """Store conformance of the event log: idempotent writes by entry id, read back in time order."""
    store = EventLogStore(mongo_db)
    at = datetime(2026, 11, 28, 9, 0, tzinfo=UTC)
    entries = entries_of_changes(
        event_id="ev-1",
        case_id="c-1",
        at=at,
        actor_id="u-anna",
        actor_name="Anna",
        changes=[FieldChange(field="priority", old="normal", new="urgent"), FieldChange(field="title", new="Ny")],
    )
    earlier = entries_of_created(
        event_id="ev-0", case_id="c-1", at=at - timedelta(minutes=5), actor_id="u-anna", actor_name="Anna"
    )
    await store.record(entries)
    await store.record(entries)
    await store.record(earlier)
    read = await store.for_case("c-1")
    assert [(e.id, e.field, e.old, e.new) for e in read] == [
        ("ev-0:0", None, None, None),
        ("ev-1:0", "priority", "normal", "urgent"),
        ("ev-1:1", "title", None, "Ny"),
    ]
    assert read[1].at == at
    assert await store.for_case("c-2") == []
