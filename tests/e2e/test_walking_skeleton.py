"""The whole system as processes behind the edge, driven over HTTP."""

import uuid

import httpx
import pytest

from arendo_kit.testing.http import problem_fields
from arendo_kit.testing.polling import eventually_sync
from arendo_local.system import System

pytestmark = pytest.mark.e2e


def create_inbox(admin: httpx.Client, **extra: object) -> dict[str, object]:
    name = f"Kundtjänst {uuid.uuid4().hex[:6]}"
    body = {"name": name, "kind": "work_group", **extra}
    response = admin.post("/api/inboxes", json=body)
    assert response.status_code == 201, response.text
    inbox: dict[str, object] = response.json()
    return inbox


def create_case(admin: httpx.Client, inbox_id: object, title: str) -> dict[str, object]:
    """Registers a case, waiting (with a deadline) until the case-service has replicated the inbox."""

    def attempt() -> httpx.Response | None:
        response = admin.post("/api/cases", json={"inbox_id": inbox_id, "title": title})
        return response if response.status_code == 201 else None

    created: dict[str, object] = eventually_sync(attempt, timeout=20, what="case registered").json()
    return created


def listed_numbers(admin: httpx.Client, inbox_id: object) -> list[str]:
    response = admin.get(f"/api/inboxes/{inbox_id}/cases")
    assert response.status_code == 200, response.text
    return [item["number"] for item in response.json()["items"]]


def test_a_case_registered_over_http_appears_in_its_inbox(admin: httpx.Client) -> None:
    inbox = create_inbox(admin)
    case = create_case(admin, inbox["id"], "Gatlampa trasig på Storgatan")
    assert case["channel"] == "phone"
    eventually_sync(lambda: case["number"] in listed_numbers(admin, inbox["id"]), what="case in inbox list")
    row = admin.get(f"/api/inboxes/{inbox['id']}/cases").json()["items"][0]
    assert (row["title"], row["officer"]) == ("Gatlampa trasig på Storgatan", "Ingen handläggare")


def test_requests_without_a_token_get_401(system: System) -> None:
    with httpx.Client(base_url=system.edge_url, timeout=10) as anonymous:
        for path in (
            "/api/cases/x",
            "/api/inboxes",
            "/api/channels/email/addresses",
            "/api/referrals/cases/x",
            "/api/watches/cases/x",
            "/api/kb/case-types",
        ):
            response = anonymous.get(path)
            assert response.status_code == 401, path
            assert response.headers["content-type"] == "application/problem+json"


def test_a_case_created_while_the_inbox_service_is_down_is_listed_after_it_restarts(
    system: System, admin: httpx.Client
) -> None:
    inbox = create_inbox(admin)
    create_case(admin, inbox["id"], "Före avbrottet")  # the case-service knows the inbox
    inbox_service = system.services["inbox-service"]
    inbox_service.stop()
    try:
        during = admin.post("/api/cases", json={"inbox_id": inbox["id"], "title": "Under avbrottet"})
        assert during.status_code == 201
        unavailable = admin.get(f"/api/inboxes/{inbox['id']}/cases")  # nobody serves the list now
        assert unavailable.status_code == 503
        assert unavailable.headers["content-type"] == "application/problem+json"
    finally:
        inbox_service.start().wait_ready(60)
    number = during.json()["number"]
    eventually_sync(lambda: number in listed_numbers(admin, inbox["id"]), timeout=30, what="case listed after restart")


def test_every_service_keeps_what_it_needs_from_real_events(admin: httpx.Client) -> None:
    address = f"in-{uuid.uuid4().hex[:6]}@exempelby.se"
    plan = [{"case_type": "Vinterväghållning", "categories": ["Snöröjning"], "kb_entry_ids": ["kb-snow"]}]
    inbox = create_inbox(admin, email=address, diary_plan=plan)
    case = create_case(admin, inbox["id"], "Snö på cykelbanan")

    def ok(path: str) -> dict[str, object] | list[object] | None:
        response = admin.get(path)
        return response.json() if response.status_code == 200 and response.json() else None

    binding = eventually_sync(lambda: ok(f"/api/channels/email/addresses/{address}"), what="channel-gateway")
    assert binding == {"address": address, "inbox_id": inbox["id"], "inbox_name": inbox["name"]}
    links = eventually_sync(lambda: ok(f"/api/kb/case-types?inbox_id={inbox['id']}"), what="kb-service")
    assert links[0]["kb_entry_ids"] == ["kb-snow"]  # type: ignore[index]
    referable = eventually_sync(lambda: ok(f"/api/referrals/cases/{case['id']}"), what="referral-service")
    assert referable["subject_token"] == f"[Ärende {case['number']}]"  # type: ignore[call-overload]
    watchable = eventually_sync(lambda: ok(f"/api/watches/cases/{case['id']}"), what="watch-service")
    assert "officer_not_set" in watchable["available_kinds"]  # type: ignore[call-overload]


def test_bad_input_through_the_edge_gets_a_problem_naming_the_field(admin: httpx.Client) -> None:
    response = admin.post("/api/cases", json={"inbox_id": "", "priority": "whenever"})
    assert response.status_code == 422
    assert problem_fields(response) == {"inbox_id", "priority"}
    response = admin.post("/api/inboxes", content=b"{", headers={"content-type": "application/json"})
    assert response.status_code == 422


def test_a_changed_case_is_reflected_in_the_list(admin: httpx.Client) -> None:
    inbox = create_inbox(admin)
    calm = create_case(admin, inbox["id"], "Vanlig fråga")
    urgent = create_case(admin, inbox["id"], "Vattenläcka i källare")
    changed = admin.patch(f"/api/cases/{urgent['id']}", json={"priority": "urgent"}, headers={"If-Match": '"1"'})
    assert changed.status_code == 200
    expected = [urgent["number"], calm["number"]]
    eventually_sync(lambda: listed_numbers(admin, inbox["id"]) == expected, what="urgent case first")


def test_the_inbox_view_is_rebuilt_from_scratch_by_replaying(admin: httpx.Client) -> None:
    inbox = create_inbox(admin)
    numbers = [create_case(admin, inbox["id"], f"Ärende {n}")["number"] for n in range(3)]
    eventually_sync(lambda: sorted(listed_numbers(admin, inbox["id"])) == numbers, what="cases listed")
    rebuild = admin.post("/api/inboxes/ops/inbox-view/rebuild")
    assert rebuild.status_code == 202, rebuild.text
    assert rebuild.json()["cleared_rows"] >= 3
    eventually_sync(lambda: sorted(listed_numbers(admin, inbox["id"])) == numbers, what="cases replayed")
