"""Distribution through the edge: to a specialist group that must give feedback, which can only
return the case to customer service; and a confidential case hidden from a user without the
permission."""

import asyncio
import uuid
from collections.abc import Callable

import httpx
import pytest

from arendo_contracts.events.case import CaseCreatedV1
from arendo_kit.testing.events import publish_event
from arendo_kit.testing.factories import case_summary
from arendo_kit.testing.http import if_match
from arendo_kit.testing.polling import eventually_sync
from arendo_local.system import System

pytestmark = pytest.mark.e2e


def created(response: httpx.Response) -> dict[str, object]:
    assert response.status_code == 201, response.text
    body: dict[str, object] = response.json()
    return body


def listed(client: httpx.Client, inbox_id: str) -> list[str]:
    response = client.get(f"/api/inboxes/{inbox_id}/cases")
    assert response.status_code == 200, response.text
    return [item["case_id"] for item in response.json()["items"]]


def test_a_specialist_group_that_must_give_feedback_can_only_return_the_case(
    admin: httpx.Client, as_user: Callable[..., httpx.Client]
) -> None:
    tag = uuid.uuid4().hex[:6]
    front = created(admin.post("/api/inboxes", json={"name": f"Kundtjänst {tag}", "kind": "work_group"}))["id"]
    experts = created(admin.post("/api/inboxes", json={"name": f"Bygglov {tag}", "kind": "specialist_group"}))["id"]
    created(
        admin.post(
            "/api/inboxes/users",
            json={"id": f"u-o{tag}", "username": f"o{tag}", "name": "Olle", "roles": ["officer"], "inbox_ids": [front]},
        )
    )
    created(
        admin.post(
            "/api/inboxes/users",
            json={
                "id": f"u-s{tag}",
                "username": f"s{tag}",
                "name": "Siv",
                "roles": ["specialist"],
                "inbox_ids": [experts],
            },
        )
    )
    officer = as_user(f"u-o{tag}", "Olle", "officer")
    specialist = as_user(f"u-s{tag}", "Siv", "specialist")

    def register() -> httpx.Response | None:
        response = officer.post("/api/cases", json={"inbox_id": front, "title": "Får jag bygga altan?"})
        return response if response.status_code == 201 else None

    case = eventually_sync(register, timeout=20, what="case registered").json()
    eventually_sync(lambda: case["id"] in listed(officer, front), what="case in customer service")

    distribution = officer.post(
        "/api/inboxes/distributions",
        json={
            "case_ids": [case["id"]],
            "kind": "specialist_group",
            "target_inbox_id": experts,
            "officer_id": f"u-s{tag}",
            "note": "Kunden vill ha svar inom en vecka",
            "require_feedback": True,
        },
    )
    assert created(distribution)["distributed"] == 1
    eventually_sync(lambda: case["id"] in listed(specialist, experts), what="case in the specialist group")

    moved = specialist.get(f"/api/cases/{case['id']}").json()
    assert (moved["inbox_id"], moved["officer_name"], moved["feedback_required"]) == (experts, "Siv", True)
    assert [(d["title"], d["body"]) for d in moved["deeds"]] == [
        ("Fördelat ärende", "Kunden vill ha svar inom en vecka")
    ]
    etag = if_match(moved)
    refused = specialist.put(f"/api/cases/{case['id']}/status", json={"status": "closed"}, headers=etag)
    assert refused.status_code == 409
    assert refused.json()["errors"][0]["field"] == "status"

    returned = specialist.post(
        f"/api/cases/{case['id']}/return-to-customer-service", json={"note": "Bygglov krävs inte"}, headers=etag
    )
    assert returned.status_code == 200, returned.text
    assert (returned.json()["inbox_id"], returned.json()["feedback_required"]) == (front, False)
    eventually_sync(lambda: case["id"] in listed(officer, front), what="case back in customer service")
    closed = officer.put(
        f"/api/cases/{case['id']}/status",
        json={"status": "closed", "confirmed": True},
        headers={"If-Match": returned.headers["etag"]},
    )
    assert closed.status_code == 200
    assert closed.json()["status"] == "closed"


def test_a_confidential_case_is_invisible_to_a_user_without_the_permission(
    system: System, admin: httpx.Client, as_user: Callable[..., httpx.Client]
) -> None:
    tag = uuid.uuid4().hex[:6]
    inbox = created(admin.post("/api/inboxes", json={"name": f"Socialtjänsten {tag}", "kind": "specialist_group"}))
    inbox_id = str(inbox["id"])
    for user, permitted in ((f"u-p{tag}", [inbox_id]), (f"u-n{tag}", [])):
        created(
            admin.post(
                "/api/inboxes/users",
                json={
                    "id": user,
                    "username": user,
                    "name": user,
                    "roles": ["specialist"],
                    "inbox_ids": [inbox_id],
                    "confidential_inbox_ids": permitted,
                },
            )
        )
    # Setting confidentiality on a case comes with the case card (CASE-07); until then the
    # case-service's event is published here exactly as the case-service would publish it.
    secret = case_summary(case_id=str(uuid.uuid4()), inbox_id=inbox_id, title="Skyddad identitet", confidential=True)
    plain = case_summary(case_id=str(uuid.uuid4()), inbox_id=inbox_id, number="2026-000002", title="Vanlig fråga")
    for summary in (secret, plain):
        asyncio.run(publish_event(system.config.rabbitmq_url, CaseCreatedV1(case=summary), source="case-service"))
    permitted_user = as_user(f"u-p{tag}", "P", "specialist")
    eventually_sync(lambda: len(listed(permitted_user, inbox_id)) == 2, what="both cases for the permitted user")
    other = as_user(f"u-n{tag}", "N", "specialist")
    assert listed(other, inbox_id) == [plain.case_id]
    assert other.get(f"/api/inboxes/{inbox_id}/cases").json()["total"] == 1
