"""Changing inboxes and users (INB-01, INB-02), the diary plan search (CASE-04) and the officer
search, in-process over a real MongoDB-wire server and RabbitMQ."""

from typing import Any

import httpx
import pytest

from arendo_kit.testing.events import EventProbe
from arendo_kit.testing.http import problem_fields

pytestmark = pytest.mark.integration

PLAN = [
    {"case_type": "Bygglov", "categories": ["Altan", "Garage"], "kb_entry_ids": ["kb-7"]},
    {"case_type": "Avfall", "categories": ["Återvinning", "Grovsopor"]},
    {"case_type": "Gata och park"},
]


async def created_inbox(api: httpx.AsyncClient, admin: dict[str, str], name: str, **fields: Any) -> dict[str, Any]:
    response = await api.post("/api/inboxes", json={"name": name, "kind": "work_group", **fields}, headers=admin)
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


def editable(inbox: dict[str, Any], **changes: Any) -> dict[str, Any]:
    fields = ("name", "kind", "email", "notifications", "reply_time_limit_hours", "diary_plan", "active")
    return {**{f: inbox[f] for f in fields}, **changes}


async def test_an_admin_changes_an_inbox_with_the_version_read(
    api: httpx.AsyncClient, admin: dict[str, str], rabbitmq_url: str, unique_name: str
) -> None:
    inbox = await created_inbox(api, admin, f"Kundtjänst {unique_name}")
    url = f"/api/inboxes/{inbox['id']}"
    body = editable(inbox, name=f"Kontaktcenter {unique_name}", diary_plan=PLAN, reply_time_limit_hours=48)

    assert (await api.put(url, json=body, headers=admin)).status_code == 428
    assert (await api.put(url, json=body, headers={"If-Match": '"1"'})).status_code == 403
    async with EventProbe(rabbitmq_url, ["inbox.updated.v1"]) as probe:
        changed = await api.put(url, json=body, headers={**admin, "If-Match": '"1"'})
        assert changed.status_code == 200, changed.text
        assert changed.headers["etag"] == '"2"'
        event = await probe.wait_for("inbox.updated.v1", subject=inbox["id"])
    assert event.actor == "u-anna"
    assert event.data["inbox"]["version"] == 2
    assert [e["case_type"] for e in event.data["inbox"]["diary_plan"]] == ["Bygglov", "Avfall", "Gata och park"]

    stale = await api.put(url, json={**body, "active": False}, headers={**admin, "If-Match": '"1"'})
    assert stale.status_code == 412
    read = await api.get(url)
    assert (read.json()["name"], read.json()["active"], read.headers["etag"]) == (body["name"], True, '"2"')

    deactivated = await api.put(url, json={**body, "active": False}, headers={**admin, "If-Match": '"2"'})
    assert (deactivated.json()["active"], deactivated.json()["version"]) == (False, 3)
    unchanged = await api.put(url, json={**body, "active": False}, headers={**admin, "If-Match": '"3"'})
    assert unchanged.json()["version"] == 3  # saving an unchanged form publishes nothing


async def test_inbox_names_stay_unique_and_bad_changes_name_the_field(
    api: httpx.AsyncClient, admin: dict[str, str], unique_name: str
) -> None:
    await created_inbox(api, admin, f"Bygglov {unique_name}")
    other = await created_inbox(api, admin, f"Miljö {unique_name}")
    url = f"/api/inboxes/{other['id']}"
    match = {**admin, "If-Match": '"1"'}

    taken = await api.put(url, json=editable(other, name=f"BYGGLOV {unique_name}"), headers=match)
    assert taken.status_code == 409
    assert taken.json()["errors"][0]["field"] == "name"
    for changes, field in (
        ({"kind": "queue"}, "kind"),
        ({"email": "inte-en-adress"}, "email"),
        ({"diary_plan": [{"case_type": "A"}, {"case_type": "a"}]}, "diary_plan"),
    ):
        refused = await api.put(url, json=editable(other, **changes), headers=match)
        assert refused.status_code == 422
        assert field in problem_fields(refused)
    missing = await api.put(url, json={"name": "Bara namnet"}, headers=match)
    assert missing.status_code == 422  # a PUT sends the whole inbox
    assert (await api.get(url)).json()["version"] == 1


@pytest.mark.parametrize("reserved", ["users", "registers"])
async def test_path_segments_are_reserved_inbox_ids(
    api: httpx.AsyncClient, admin: dict[str, str], reserved: str
) -> None:
    response = await api.post("/api/inboxes", json={"id": reserved, "name": "X", "kind": "work_group"}, headers=admin)
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "id"


async def test_the_diary_plan_search_ignores_case_and_accents(
    api: httpx.AsyncClient, admin: dict[str, str], unique_name: str
) -> None:
    inbox = await created_inbox(api, admin, f"Plan {unique_name}", diary_plan=PLAN)
    url = f"/api/inboxes/{inbox['id']}/diary-plan"

    async def case_types(q: str | None) -> list[str]:
        response = await api.get(url, params={} if q is None else {"q": q})
        assert response.status_code == 200, response.text
        return [e["case_type"] for e in response.json()]

    assert await case_types(None) == ["Bygglov", "Avfall", "Gata och park"]
    assert await case_types("  ") == ["Bygglov", "Avfall", "Gata och park"]
    assert await case_types("BYGG") == ["Bygglov"]
    assert await case_types("atervinning") == ["Avfall"]
    assert await case_types("park") == ["Gata och park"]
    assert await case_types("snöröjning") == []
    hit = (await api.get(url, params={"q": "garage"})).json()
    assert hit == [{"case_type": "Bygglov", "categories": ["Altan", "Garage"], "kb_entry_ids": ["kb-7"]}]
    assert (await api.get("/api/inboxes/saknas/diary-plan")).status_code == 404


async def user_in(
    api: httpx.AsyncClient, admin: dict[str, str], inbox_id: str, username: str, name: str, roles: list[str]
) -> dict[str, Any]:
    response = await api.post(
        "/api/inboxes/users",
        headers=admin,
        json={"username": username, "name": name, "roles": roles, "inbox_ids": [inbox_id]},
    )
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


async def test_an_admin_changes_a_user_and_the_event_is_published(
    api: httpx.AsyncClient, admin: dict[str, str], rabbitmq_url: str, unique_name: str
) -> None:
    first = await created_inbox(api, admin, f"Första {unique_name}")
    second = await created_inbox(api, admin, f"Andra {unique_name}")
    user = await user_in(api, admin, first["id"], f"c{unique_name}", "Cecilia Carlsson", ["officer"])
    url = f"/api/inboxes/users/{user['id']}"
    body = {
        "name": "Cecilia Dahl",
        "email": "Cecilia.Dahl@Kommun.se",
        "roles": ["officer", "specialist"],
        "inbox_ids": [first["id"], second["id"]],
        "confidential_inbox_ids": [second["id"]],
        "active": True,
    }
    assert (await api.put(url, json=body, headers=admin)).status_code == 428
    assert (await api.put(url, json=body, headers={"If-Match": '"1"'})).status_code == 403
    async with EventProbe(rabbitmq_url, ["user.updated.v1"]) as probe:
        changed = await api.put(url, json=body, headers={**admin, "If-Match": '"1"'})
        assert changed.status_code == 200, changed.text
        event = await probe.wait_for("user.updated.v1", subject=user["id"])
    snapshot = event.data["user"]
    assert (snapshot["name"], snapshot["email"], snapshot["version"]) == ("Cecilia Dahl", "cecilia.dahl@kommun.se", 2)
    assert snapshot["confidential_inbox_ids"] == [second["id"]]
    assert snapshot["username"] == f"c{unique_name}"

    for changes, field in (
        ({"inbox_ids": [second["id"], "saknas"]}, "inbox_ids.1"),
        ({"confidential_inbox_ids": ["saknas"]}, "confidential_inbox_ids"),
        ({"roles": []}, "roles"),
        ({"roles": ["chef"]}, "roles.0"),
        ({"username": "nytt"}, "username"),
    ):
        refused = await api.put(url, json={**body, **changes}, headers={**admin, "If-Match": '"2"'})
        assert refused.status_code == 422, changes
        assert field in problem_fields(refused)
    assert (await api.get(url)).json()["version"] == 2
    assert (await api.put(url, json=body, headers={**admin, "If-Match": '"1"'})).status_code == 412


async def test_the_officer_search_finds_active_members_with_an_officer_role(
    api: httpx.AsyncClient, admin: dict[str, str], unique_name: str
) -> None:
    inbox = await created_inbox(api, admin, f"Handläggare {unique_name}")
    elsewhere = await created_inbox(api, admin, f"Annan {unique_name}")
    inbox_id = inbox["id"]
    await user_in(api, admin, inbox_id, f"orjan{unique_name}", "Örjan Ek", ["external"])
    await user_in(api, admin, inbox_id, f"asa{unique_name}", "Åsa Berg", ["specialist"])
    await user_in(api, admin, inbox_id, f"bo{unique_name}", "Bo Ek", ["officer", "admin"])
    await user_in(api, admin, inbox_id, f"adm{unique_name}", "Ada Admin", ["admin"])
    await user_in(api, admin, elsewhere["id"], f"olle{unique_name}", "Olle Ek", ["officer"])
    gone = await user_in(api, admin, inbox_id, f"gone{unique_name}", "Greta Ek", ["officer"])
    deactivated = await api.put(
        f"/api/inboxes/users/{gone['id']}",
        headers={**admin, "If-Match": '"1"'},
        json={
            "name": gone["name"],
            "email": None,
            "roles": gone["roles"],
            "inbox_ids": gone["inbox_ids"],
            "confidential_inbox_ids": [],
            "active": False,
        },
    )
    assert deactivated.status_code == 200, deactivated.text

    async def names(q: str | None = None) -> list[str]:
        response = await api.get(f"/api/inboxes/{inbox_id}/officers", params={} if q is None else {"q": q})
        assert response.status_code == 200, response.text
        return [o["name"] for o in response.json()]

    assert await names() == ["Bo Ek", "Åsa Berg", "Örjan Ek"]  # sorted by name, å ä ö last
    assert await names("EK") == ["Bo Ek", "Örjan Ek"]
    assert await names("åsa") == ["Åsa Berg"]
    assert await names("ÅSA") == ["Åsa Berg"]  # the lower-case copy of the name is searched
    assert await names(f"orjan{unique_name}") == ["Örjan Ek"]  # username
    assert await names("ingen") == []
    assert (await api.get("/api/inboxes/saknas/officers")).status_code == 404
