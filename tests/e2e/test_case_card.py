"""The case card through the edge: a phone call registered quickly and closed; a case typed,
given a customer, locked by one officer and refused to another; a confidential case hidden."""

import uuid
from collections.abc import Callable
from datetime import datetime
from typing import Any

import httpx
import pytest

from arendo_kit.testing.polling import eventually_sync

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def office(admin: httpx.Client) -> dict[str, str]:
    """An inbox with a diary plan, a confidentiality paragraph, and two officers (Olle may read
    confidential cases, Stina may not)."""
    tag = uuid.uuid4().hex[:6]
    plan = [{"case_type": "Gata och trafik", "categories": ["Gatubelysning", "Parkering"]}]
    inbox = admin.post("/api/inboxes", json={"name": f"Kundtjänst {tag}", "kind": "work_group", "diary_plan": plan})
    assert inbox.status_code == 201, inbox.text
    inbox_id = inbox.json()["id"]
    for user_id, name, confidential in ((f"u-o{tag}", "Olle", [inbox_id]), (f"u-s{tag}", "Stina", [])):
        created = admin.post(
            "/api/inboxes/users",
            json={
                "id": user_id,
                "username": user_id,
                "name": name,
                "roles": ["officer"],
                "inbox_ids": [inbox_id],
                "confidential_inbox_ids": confidential,
            },
        )
        assert created.status_code == 201, created.text
    paragraph = admin.post(
        "/api/inboxes/registers/confidentiality-paragraphs",
        json={"code": f"OSL 26 kap. 1 § ({tag})", "title": "Socialtjänst"},
    )
    assert paragraph.status_code == 201, paragraph.text
    return {"inbox": inbox_id, "olle": f"u-o{tag}", "stina": f"u-s{tag}", "paragraph": paragraph.json()["id"]}


def test_a_phone_call_registered_quickly_and_closed(
    office: dict[str, str], as_user: Callable[..., httpx.Client]
) -> None:
    olle = as_user(office["olle"], "Olle")

    def attempt() -> httpx.Response | None:
        response = olle.post(
            "/api/cases/quick-registrations",
            json={
                "inbox_id": office["inbox"],
                "case_type": "Gata och trafik",
                "category": "Gatubelysning",
                "description": "Frågade om öppettider för återvinningscentralen",
                "outcome": "save_and_close",
            },
        )
        return response if response.status_code == 201 else None

    case = eventually_sync(attempt, timeout=20, what="quick registration").json()["case"]
    assert (case["status"], case["channel"]) == ("closed", "phone")

    def listed_closed() -> bool:
        rows = olle.get(f"/api/inboxes/{office['inbox']}/cases", params={"status": "closed"}).json()["items"]
        return any(row["case_id"] == case["id"] for row in rows)

    eventually_sync(listed_closed, what="closed case in the inbox view")


def test_a_case_typed_given_a_customer_locked_by_one_officer_and_refused_to_another(
    office: dict[str, str], as_user: Callable[..., httpx.Client], register: Callable[..., dict[str, Any]]
) -> None:
    olle, stina = as_user(office["olle"], "Olle"), as_user(office["stina"], "Stina")
    case = register(olle, office["inbox"], title="Nytt ärende")
    url = f"/api/cases/{case['id']}"
    typed = olle.put(
        f"{url}/case-types",
        json={"case_types": [{"case_type": "Gata och trafik", "category": "Parkering"}]},
        headers={"If-Match": '"1"'},
    )
    assert typed.status_code == 200, typed.text
    assert typed.json()["title"] == "Gata och trafik – Parkering"
    customer = olle.put(
        f"{url}/customer",
        json={"first_name": "Åsa", "last_name": "Öberg", "email": "asa@example.se", "mobile_phone": "070-123 45 67"},
        headers={"If-Match": typed.headers["etag"]},
    )
    assert customer.status_code == 200, customer.text
    assert customer.json()["customer"]["mobile_phone"] == "+46701234567"

    locked = olle.post(f"{url}/lock")
    assert locked.status_code == 200, locked.text
    refused = stina.patch(url, json={"title": "Stinas rubrik"}, headers={"If-Match": locked.headers["etag"]})
    assert refused.status_code == 409
    assert "Olle" in refused.json()["detail"]
    assert stina.post(f"{url}/lock").status_code == 409

    def inbox_row() -> dict[str, Any] | None:
        rows = stina.get(f"/api/inboxes/{office['inbox']}/cases", params={"q": case["number"]}).json()["items"]
        return next((row for row in rows if row["case_id"] == case["id"]), None)

    def holder_listed() -> dict[str, Any] | None:
        row = inbox_row()
        return row if row is not None and row["locked"] and row["locked_by_name"] == "Olle" else None

    def holder_cleared() -> bool:
        row = inbox_row()
        return row is not None and not row["locked"] and row["locked_by_name"] is None

    # Stina sees in the inbox view who holds the lock and since when (CASE-26, INB-04).
    row = eventually_sync(holder_listed, what="the lock holder in the inbox view")
    assert row["locked_by"] == office["olle"]
    assert datetime.fromisoformat(row["locked_at"]) == datetime.fromisoformat(locked.json()["lock"]["since"])

    unlocked = stina.delete(f"{url}/lock")  # any officer may unlock; it is recorded
    assert unlocked.status_code == 200
    changed = stina.patch(url, json={"title": "Stinas rubrik"}, headers={"If-Match": unlocked.headers["etag"]})
    assert changed.status_code == 200, changed.text

    def unlock_logged() -> bool:
        entries = olle.get(f"{url}/event-log").json()
        return any(entry["field"] == "locked_by" and entry["new"] is None for entry in entries["entries"])

    eventually_sync(unlock_logged, what="unlock recorded in the event log")
    eventually_sync(holder_cleared, what="the lock holder cleared from the inbox view")


def test_a_confidential_case_is_404_for_a_user_without_the_permission(
    office: dict[str, str], as_user: Callable[..., httpx.Client], register: Callable[..., dict[str, Any]]
) -> None:
    olle, stina = as_user(office["olle"], "Olle"), as_user(office["stina"], "Stina")
    case = register(olle, office["inbox"], title="Skyddad adress")
    url = f"/api/cases/{case['id']}"

    def marked() -> httpx.Response | None:
        response = olle.put(
            f"{url}/confidentiality",
            json={"confidential": True, "paragraph_id": office["paragraph"]},
            headers={"If-Match": '"1"'},
        )
        return response if response.status_code == 200 else None

    eventually_sync(marked, timeout=20, what="paragraph replicated and case marked")
    assert olle.get(url).status_code == 200
    hidden = stina.get(url)
    assert hidden.status_code == 404
    assert hidden.json()["detail"] == "Ärendet finns inte"
    assert stina.get("/api/cases/search", params={"q": "skyddad"}).json()["total"] == 0
    assert olle.get("/api/cases/search", params={"q": "skyddad"}).json()["total"] >= 1


def test_a_favourite_shows_in_my_cases_favourites_only(
    office: dict[str, str], as_user: Callable[..., httpx.Client], register: Callable[..., dict[str, Any]]
) -> None:
    olle = as_user(office["olle"], "Olle")
    mine = register(olle, office["inbox"], title="Min favorit")
    other = register(olle, office["inbox"], title="Inte favorit")
    for case in (mine, other):
        assigned = olle.put(
            f"/api/cases/{case['id']}/officer", json={"officer_id": office["olle"]}, headers={"If-Match": '"1"'}
        )
        assert assigned.status_code == 200, assigned.text
    assert olle.put(f"/api/cases/{mine['id']}/favourite").status_code == 200

    def favourites_only() -> list[str] | None:
        rows = olle.get("/api/inboxes/my-cases", params={"favourites_only": "true"}).json()["items"]
        ids = [row["case_id"] for row in rows]
        return ids if ids == [mine["id"]] else None

    eventually_sync(favourites_only, what="the favourite alone in My cases (favourites only)")
    rows = olle.get("/api/inboxes/my-cases").json()["items"]
    assert {row["case_id"]: row["favourite"] for row in rows if row["case_id"] in (mine["id"], other["id"])} == {
        mine["id"]: True,
        other["id"]: False,
    }
