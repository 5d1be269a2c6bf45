"""The admin registers (INB-03) and the system settings in-process over a real MongoDB-wire
server and RabbitMQ: admin-only changes with If-Match, a change event for each, validation that
names the field and stores nothing, deactivation instead of deletion, and the searches."""

from typing import Any

import httpx
import pytest

from arendo_kit.testing.events import EventProbe
from arendo_kit.testing.http import problem_fields
from arendo_kit.testing.polling import eventually

pytestmark = pytest.mark.integration

REGISTERS = "/api/inboxes/registers"


async def created(api: httpx.AsyncClient, url: str, body: dict[str, Any], admin: dict[str, str]) -> dict[str, Any]:
    response = await api.post(url, json=body, headers=admin)
    assert response.status_code == 201, response.text
    assert response.headers["etag"] == '"1"'
    item: dict[str, Any] = response.json()
    assert response.headers["location"] == f"{url}/{item['id']}"
    return item


async def snapshot_at(probe: EventProbe, routing_key: str, subject: str, version: int) -> dict[str, Any]:
    """The item in the change event of `subject` at `version`, once it has arrived."""

    async def arrived() -> dict[str, Any] | None:
        for event in probe.of_type(routing_key):
            item: dict[str, Any] = next(iter(event.data.values()))
            if event.subject == subject and item["version"] == version:
                return item
        return None

    return await eventually(arrived, what=f"{routing_key} of {subject} at version {version}")


async def test_areas_created_changed_and_deactivated_with_events(
    api: httpx.AsyncClient, admin: dict[str, str], rabbitmq_url: str, unique_name: str
) -> None:
    url = f"{REGISTERS}/areas"
    name = f"Centrum {unique_name}"
    assert (await api.post(url, json={"name": name})).status_code == 403
    async with EventProbe(rabbitmq_url, ["area.changed.v1"]) as probe:
        area = await created(api, url, {"name": name, "description": "Innerstaden"}, admin)
        first = await probe.wait_for("area.changed.v1", subject=area["id"])
        assert first.data["area"] == {
            "area_id": area["id"],
            "name": name,
            "description": "Innerstaden",
            "active": True,
            "version": 1,
        }
        assert first.actor == "u-anna"

        item = f"{url}/{area['id']}"
        change = {"name": f"Centrum Öst {unique_name}", "description": None, "active": True}
        assert (await api.put(item, json=change, headers=admin)).status_code == 428
        assert (await api.put(item, json=change, headers={"If-Match": '"1"'})).status_code == 403
        changed = await api.put(item, json=change, headers={**admin, "If-Match": '"1"'})
        assert (changed.status_code, changed.headers["etag"]) == (200, '"2"')
        assert (await snapshot_at(probe, "area.changed.v1", area["id"], 2)).get("description") is None
        assert (await api.put(item, json=change, headers={**admin, "If-Match": '"1"'})).status_code == 412

        assert (await api.delete(item, headers=admin)).status_code == 428
        assert (await api.delete(item, headers={"If-Match": '"2"'})).status_code == 403
        removed = await api.delete(item, headers={**admin, "If-Match": '"2"'})
        assert (removed.status_code, removed.json()["active"], removed.json()["version"]) == (200, False, 3)

        assert (await snapshot_at(probe, "area.changed.v1", area["id"], 3))["active"] is False

    # Still resolvable by id for the cases that point at it, but no longer offered.
    assert (await api.get(item)).json()["active"] is False
    assert [a["id"] for a in (await api.get(url, params={"q": unique_name})).json()] == []
    everything = await api.get(url, params={"q": unique_name, "include_inactive": "true"})
    assert [a["id"] for a in everything.json()] == [area["id"]]


async def test_area_names_are_unique_and_searched_by_part(
    api: httpx.AsyncClient, admin: dict[str, str], unique_name: str
) -> None:
    url = f"{REGISTERS}/areas"
    for name in (f"Östermalm {unique_name}", f"Norrmalm {unique_name}", f"Söder {unique_name}"):
        await created(api, url, {"name": name}, admin)
    duplicate = await api.post(url, json={"name": f"ÖSTERMALM {unique_name}"}, headers=admin)
    assert (duplicate.status_code, problem_fields(duplicate)) == (409, {"name"})
    for body, field in (({"name": "  "}, "name"), ({}, "name"), ({"name": "X", "extra": 1}, "extra")):
        refused = await api.post(url, json=body, headers=admin)
        assert (refused.status_code, field in problem_fields(refused)) == (422, True), refused.text
    assert len((await api.get(url, params={"include_inactive": "true"})).json()) == 3  # nothing else stored

    async def names(q: str) -> list[str]:
        return [a["name"] for a in (await api.get(url, params={"q": q})).json()]

    assert await names(unique_name) == [f"Norrmalm {unique_name}", f"Söder {unique_name}", f"Östermalm {unique_name}"]
    assert await names(f"malm {unique_name}") == [f"Norrmalm {unique_name}", f"Östermalm {unique_name}"]
    assert await names(f"ostermalm {unique_name}") == [f"Östermalm {unique_name}"]  # folded å ä ö
    assert await names("ingenstans-alls") == []


async def test_the_organisation_tree_with_paths_moves_and_deactivation(
    api: httpx.AsyncClient, admin: dict[str, str], rabbitmq_url: str, unique_name: str
) -> None:
    url = f"{REGISTERS}/organisations"
    async with EventProbe(rabbitmq_url, ["organisation.changed.v1"]) as probe:
        ks = await created(api, url, {"name": f"Kommunstyrelsen {unique_name}"}, admin)
        sbf = await created(api, url, {"name": "Stadsbyggnadsförvaltningen", "parent_id": ks["id"]}, admin)
        event = await probe.wait_for("organisation.changed.v1", subject=sbf["id"])
    assert event.data["organisation"]["parent_id"] == ks["id"]
    assert sbf["path"] == [f"Kommunstyrelsen {unique_name}", "Stadsbyggnadsförvaltningen"]
    bygg = await created(api, url, {"name": "Bygglovsenheten", "parent_id": sbf["id"]}, admin)
    assert bygg["path"] == [f"Kommunstyrelsen {unique_name}", "Stadsbyggnadsförvaltningen", "Bygglovsenheten"]

    orphan = await api.post(url, json={"name": "Ny", "parent_id": "saknas"}, headers=admin)
    assert (orphan.status_code, problem_fields(orphan)) == (422, {"parent_id"})
    sibling = await api.post(url, json={"name": "stadsbyggnadsförvaltningen", "parent_id": ks["id"]}, headers=admin)
    assert (sibling.status_code, problem_fields(sibling)) == (409, {"name"})

    hits = (await api.get(url, params={"q": "STADSBYGGNADSFORVALTNINGEN"})).json()
    mine = [h for h in hits if h["id"] == sbf["id"]]
    assert mine[0]["path"] == [f"Kommunstyrelsen {unique_name}", "Stadsbyggnadsförvaltningen"]
    everything = [h["path"] for h in (await api.get(url, params={"q": unique_name})).json()]
    assert everything == [[f"Kommunstyrelsen {unique_name}"]]

    def change(org: dict[str, Any], **fields: Any) -> dict[str, Any]:
        return {"name": org["name"], "parent_id": org["parent_id"], "active": org["active"], **fields}

    below_itself = await api.put(
        f"{url}/{ks['id']}", json=change(ks, parent_id=bygg["id"]), headers={**admin, "If-Match": '"1"'}
    )
    assert (below_itself.status_code, problem_fields(below_itself)) == (422, {"parent_id"})
    busy = await api.delete(f"{url}/{sbf['id']}", headers={**admin, "If-Match": '"1"'})
    assert (busy.status_code, problem_fields(busy)) == (409, {"active"})

    moved = await api.put(
        f"{url}/{bygg['id']}", json=change(bygg, parent_id=ks["id"]), headers={**admin, "If-Match": '"1"'}
    )
    assert moved.json()["path"] == [f"Kommunstyrelsen {unique_name}", "Bygglovsenheten"]
    closed = await api.delete(f"{url}/{sbf['id']}", headers={**admin, "If-Match": '"1"'})
    assert (closed.status_code, closed.json()["active"]) == (200, False)
    names = [h["name"] for h in (await api.get(url, params={"q": "förvaltningen"})).json() if h["id"] == sbf["id"]]
    assert names == []
    read = await api.get(f"{url}/{sbf['id']}")
    assert (read.json()["active"], read.json()["path"][-1], read.headers["etag"]) == (
        False,
        "Stadsbyggnadsförvaltningen",
        '"2"',
    )


async def test_confidentiality_paragraphs_have_unique_codes(
    api: httpx.AsyncClient, admin: dict[str, str], rabbitmq_url: str, unique_name: str
) -> None:
    url = f"{REGISTERS}/confidentiality-paragraphs"
    code = f"OSL 26 kap. 1 § {unique_name}"
    async with EventProbe(rabbitmq_url, ["confidentiality_paragraph.changed.v1"]) as probe:
        paragraph = await created(api, url, {"code": code, "title": "Socialtjänstsekretess"}, admin)
        event = await probe.wait_for("confidentiality_paragraph.changed.v1", subject=paragraph["id"])
    assert (event.data["paragraph"]["code"], event.data["paragraph"]["version"]) == (code, 1)
    same = await api.post(url, json={"code": f"osl 26 kap.  1 § {unique_name}", "title": "Dubblett"}, headers=admin)
    assert (same.status_code, problem_fields(same)) == (409, {"code"})
    untitled = await api.post(url, json={"code": f"OSL 21 kap. 1 § {unique_name}", "title": " "}, headers=admin)
    assert (untitled.status_code, problem_fields(untitled)) == (422, {"title"})
    assert [p["code"] for p in (await api.get(url, params={"q": unique_name})).json()] == [code]
    assert [p["id"] for p in (await api.get(url, params={"q": "socialtjanst"})).json() if p["id"] == paragraph["id"]]

    item = f"{url}/{paragraph['id']}"
    body = {
        "code": code,
        "title": "Sekretess inom socialtjänsten",
        "description": "Gäller uppgifter om enskild",
        "active": True,
    }
    changed = await api.put(item, json=body, headers={**admin, "If-Match": '"1"'})
    assert (changed.status_code, changed.json()["version"]) == (200, 2)
    removed = await api.delete(item, headers={**admin, "If-Match": '"2"'})
    assert (removed.json()["active"], removed.json()["version"]) == (False, 3)
    assert (await api.get(url, params={"q": unique_name})).json() == []


async def inbox_for_templates(api: httpx.AsyncClient, admin: dict[str, str], unique_name: str) -> str:
    response = await api.post(
        "/api/inboxes", json={"name": f"Mallar {unique_name}", "kind": "work_group"}, headers=admin
    )
    assert response.status_code == 201
    inbox_id: str = response.json()["id"]
    return inbox_id


async def test_templates_with_known_placeholders_only(
    api: httpx.AsyncClient, admin: dict[str, str], rabbitmq_url: str, unique_name: str
) -> None:
    inbox_id = await inbox_for_templates(api, admin, unique_name)
    url = f"/api/inboxes/{inbox_id}/templates"
    reply = {
        "name": "Svar till kund",
        "purpose": "reply",
        "subject": "Ärende {{case_number}}",
        "body": "Hej {{customer_name}}!\n\nVi har tagit emot ärendet {{ case_title }}.\n\n"
        "{{officer_name}}, {{inbox_name}}",
    }
    assert (await api.post(url, json=reply)).status_code == 403
    async with EventProbe(rabbitmq_url, ["template.changed.v1"]) as probe:
        template = await created(api, url, reply, admin)
        event = await probe.wait_for("template.changed.v1", subject=template["id"])
    assert event.data["template"]["inbox_id"] == inbox_id
    assert event.data["template"]["purpose"] == "reply"

    for body, field, named in (
        ({**reply, "name": "B", "body": "Hej {{kundnamn}}"}, "body", "{{kundnamn}}"),
        ({**reply, "name": "C", "subject": "Ärende {{case_number"}, "subject", "{{case_number"),
        ({**reply, "name": "D", "body": "Hej {{customer name}}"}, "body", "{{customer name}}"),
        ({**reply, "name": "E", "purpose": "letter"}, "purpose", None),
        ({**reply, "name": "F", "body": ""}, "body", None),
    ):
        refused = await api.post(url, json=body, headers=admin)
        assert refused.status_code == 422, body
        assert problem_fields(refused) == {field}
        if named:
            assert named in refused.json()["detail"]
    assert [t["name"] for t in (await api.get(url, params={"include_inactive": "true"})).json()] == ["Svar till kund"]

    note = await created(api, url, {"name": "Anteckning", "purpose": "note", "body": "Ringt {{today}}"}, admin)
    general = await created(api, url, {"name": "Allmän", "body": "Med vänlig hälsning"}, admin)
    for_replies = (await api.get(url, params={"purpose": "reply"})).json()
    assert [t["name"] for t in for_replies] == ["Allmän", "Svar till kund"]
    assert general["purpose"] == "any"
    duplicate = await api.post(url, json={**reply, "name": "SVAR TILL KUND"}, headers=admin)
    assert (duplicate.status_code, problem_fields(duplicate)) == (409, {"name"})

    item = f"{url}/{note['id']}"
    change = {"name": "Anteckning", "purpose": "note", "subject": None, "body": "Ringt {{unknown}}", "active": True}
    bad = await api.put(item, json=change, headers={**admin, "If-Match": '"1"'})
    assert (bad.status_code, problem_fields(bad)) == (422, {"body"})
    assert (await api.get(item)).json()["body"] == "Ringt {{today}}"
    good = await api.put(
        item, json={**change, "body": "Ringt {{customer_name}} {{today}}"}, headers={**admin, "If-Match": '"1"'}
    )
    assert (good.status_code, good.json()["version"]) == (200, 2)
    assert (await api.delete(item, headers={**admin, "If-Match": '"1"'})).status_code == 412
    assert (await api.delete(item, headers={**admin, "If-Match": '"2"'})).json()["active"] is False
    assert (await api.get(f"/api/inboxes/annan/templates/{note['id']}")).status_code == 404
    assert (await api.post("/api/inboxes/saknas/templates", json=reply, headers=admin)).status_code == 404


async def test_distribution_lists_need_valid_recipients(
    api: httpx.AsyncClient, admin: dict[str, str], rabbitmq_url: str, unique_name: str
) -> None:
    url = f"{REGISTERS}/distribution-lists"
    name = f"Miljönämnden {unique_name}"
    for body, field in (
        ({"name": name, "recipients": []}, "recipients"),
        ({"name": name, "recipients": [{"email": "inte-en-adress"}]}, "recipients.0.email"),
        ({"name": name, "recipients": [{"email": "a@kommun.se"}, {"email": "A@kommun.se"}]}, "recipients.1.email"),
        ({"name": " ", "recipients": [{"email": "a@kommun.se"}]}, "name"),
    ):
        refused = await api.post(url, json=body, headers=admin)
        assert (refused.status_code, problem_fields(refused)) == (422, {field}), refused.text
    assert (await api.get(url, params={"q": unique_name, "include_inactive": "true"})).json() == []

    recipients = [{"name": "Registrator", "email": "Registrator@Kommun.se"}, {"email": "miljo@kommun.se"}]
    async with EventProbe(rabbitmq_url, ["distribution_list.changed.v1"]) as probe:
        created_list = await created(api, url, {"name": name, "recipients": recipients}, admin)
        event = await probe.wait_for("distribution_list.changed.v1", subject=created_list["id"])
    assert [r["email"] for r in event.data["distribution_list"]["recipients"]] == [
        "registrator@kommun.se",
        "miljo@kommun.se",
    ]
    taken = await api.post(url, json={"name": name.upper(), "recipients": recipients}, headers=admin)
    assert (taken.status_code, problem_fields(taken)) == (409, {"name"})
    item = f"{url}/{created_list['id']}"
    change = {"name": name, "recipients": [{"email": "ny@kommun.se"}], "active": True}
    changed = await api.put(item, json=change, headers={**admin, "If-Match": '"1"'})
    assert changed.json()["recipients"] == [{"name": None, "email": "ny@kommun.se"}]
    assert (await api.delete(item, headers={**admin, "If-Match": '"2"'})).json()["active"] is False
    assert [d["id"] for d in (await api.get(url, params={"q": "miljönämnden " + unique_name})).json()] == []


async def test_system_settings_have_defaults_and_ranges(
    api: httpx.AsyncClient, admin: dict[str, str], rabbitmq_url: str
) -> None:
    url = f"{REGISTERS}/settings"
    read = await api.get(url)
    assert read.status_code == 200
    defaults = read.json()
    assert defaults == {
        "referral_answer_days": 14,
        "auto_reopen_days": 30,
        "confirm_on_close": True,
        "offer_close_subcases": True,
        "warn_unanswered_on_close": True,
        "event_date_visible": False,
        "lock_expiry_minutes": 30,
        "sms_max_parts": 3,
        "version": 1,
    }
    assert read.headers["etag"] == '"1"'
    body = {k: v for k, v in defaults.items() if k != "version"} | {"event_date_visible": True, "auto_reopen_days": 10}
    assert (await api.put(url, json=body, headers=admin)).status_code == 428
    assert (await api.put(url, json=body, headers={"If-Match": '"1"'})).status_code == 403
    for changes, field in (
        ({"sms_max_parts": 0}, "sms_max_parts"),
        ({"lock_expiry_minutes": 100_000}, "lock_expiry_minutes"),
    ):
        refused = await api.put(url, json={**body, **changes}, headers={**admin, "If-Match": '"1"'})
        assert (refused.status_code, problem_fields(refused)) == (422, {field})
    partial = await api.put(url, json={"sms_max_parts": 2}, headers={**admin, "If-Match": '"1"'})
    assert partial.status_code == 422  # a PUT sends every setting
    async with EventProbe(rabbitmq_url, ["settings.changed.v1"]) as probe:
        changed = await api.put(url, json=body, headers={**admin, "If-Match": '"1"'})
        assert (changed.status_code, changed.headers["etag"]) == (200, '"2"')
        event = await probe.wait_for("settings.changed.v1")
    assert event.subject == "system"
    assert (event.data["settings"]["event_date_visible"], event.data["settings"]["version"]) == (True, 2)
    assert (await api.put(url, json=body, headers={**admin, "If-Match": '"1"'})).status_code == 412
    assert (await api.get(url)).json()["auto_reopen_days"] == 10
