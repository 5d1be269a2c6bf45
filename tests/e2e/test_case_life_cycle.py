"""The case's life cycle through the edge, every service its own process: a note with the inbox
view's note icon, a service note written from a template as a draft and finished sanitised,
closing with the settings' questions (notes deleted, service note kept), a customer's reply
reopening it, and copy / cut / paste between inboxes."""

import asyncio
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest

from arendo_contracts.events.channel import CustomerReplyReceivedV1, ReceivedDeedSummary
from arendo_contracts.vocabulary import Channel
from arendo_kit.testing.events import publish_event
from arendo_kit.testing.http import if_match, problem_fields
from arendo_kit.testing.polling import eventually_sync
from arendo_local.system import System

pytestmark = pytest.mark.e2e

TEMPLATE_BODY = "Hej {{customer_name}}! Ärende {{case_number}} handläggs av {{officer_name}}."


@pytest.fixture(scope="module")
def office(admin: httpx.Client) -> dict[str, str]:
    """Two inboxes (customer service and building permits), a service-note template of the first,
    Olle in both inboxes and Stina in the first only."""
    tag = uuid.uuid4().hex[:6]
    inboxes = []
    for name in (f"Kundtjänst {tag}", f"Bygglov {tag}"):
        created = admin.post("/api/inboxes", json={"name": name, "kind": "work_group"})
        assert created.status_code == 201, created.text
        inboxes.append(created.json()["id"])
    template = admin.post(
        f"/api/inboxes/{inboxes[0]}/templates",
        json={"name": "Bekräftelse", "purpose": "service_note", "body": TEMPLATE_BODY},
    )
    assert template.status_code == 201, template.text
    for user_id, name, member_of in ((f"u-o{tag}", "Olle Ek", inboxes), (f"u-s{tag}", "Stina Lind", inboxes[:1])):
        created = admin.post(
            "/api/inboxes/users",
            json={"id": user_id, "username": user_id, "name": name, "roles": ["officer"], "inbox_ids": member_of},
        )
        assert created.status_code == 201, created.text
    return {
        "inbox": inboxes[0],
        "other_inbox": inboxes[1],
        "template": template.json()["id"],
        "olle": f"u-o{tag}",
        "stina": f"u-s{tag}",
    }


def take(client: httpx.Client, case: dict[str, Any], officer_id: str) -> str:
    """The officer assigns the case to themselves; the new ETag."""

    def attempt() -> httpx.Response | None:
        response = client.put(
            f"/api/cases/{case['id']}/officer",
            json={"officer_id": officer_id},
            headers=if_match(case),
        )
        return response if response.status_code == 200 else None

    return str(eventually_sync(attempt, timeout=20, what="officer replicated and assigned").headers["etag"])


def inbox_row(client: httpx.Client, inbox_id: str, case_id: str, **expected: object) -> dict[str, Any]:
    def row() -> dict[str, Any] | None:
        items = client.get(f"/api/inboxes/{inbox_id}/cases", params={"page_size": 100}).json()["items"]
        found = next((item for item in items if item["case_id"] == case_id), None)
        return found if found is not None and all(found.get(k) == v for k, v in expected.items()) else None

    found: dict[str, Any] = eventually_sync(row, timeout=20, what=f"inbox row {expected}")
    return found


def test_notes_a_templated_service_note_closing_and_a_customer_reply_that_reopens(
    system: System,
    office: dict[str, str],
    as_user: Callable[..., httpx.Client],
    register: Callable[..., dict[str, Any]],
) -> None:
    olle, stina = as_user(office["olle"], "Olle Ek"), as_user(office["stina"], "Stina Lind")
    case = register(olle, office["inbox"], title="Trasig gatlykta", customer_wants_answer=True)
    url = f"/api/cases/{case['id']}"
    version = take(olle, case, office["olle"])
    customer = olle.put(
        f"{url}/customer", json={"first_name": "Åsa", "last_name": "Öberg"}, headers={"If-Match": version}
    )
    assert customer.status_code == 200, customer.text

    # An internal note: the inbox view shows the note icon.
    note = olle.post(
        f"{url}/notes", json={"text": "Ring tillbaka efter lunch"}, headers={"If-Match": customer.headers["etag"]}
    )
    assert note.status_code == 201, note.text
    inbox_row(olle, office["inbox"], case["id"], has_notes=True)

    # The template, filled in from the case, becomes a draft that only its author sees.
    def rendered() -> httpx.Response | None:
        response = olle.post(f"{url}/templates/{office['template']}/render", json={"format": "html"})
        return response if response.status_code == 200 else None

    body = eventually_sync(rendered, timeout=20, what="template replicated and rendered").json()["body"]
    assert f"Ärende {case['number']} handläggs av Olle Ek" in body
    assert "Åsa Öberg" in body
    draft = olle.post(
        f"{url}/drafts",
        json={"kind": "service_note", "body": body + '<p onclick="x()">Mvh<script>alert(1)</script></p>'},
    )
    assert draft.status_code == 201, draft.text
    assert [item["id"] for item in olle.get("/api/cases/drafts").json()["items"]] == [draft.json()["id"]]
    assert stina.get("/api/cases/drafts").json()["items"] == []
    assert stina.get(f"/api/cases/drafts/{draft.json()['id']}").status_code == 404
    finished = olle.post(f"/api/cases/drafts/{draft.json()['id']}/finish", headers={"If-Match": draft.headers["etag"]})
    assert finished.status_code == 200, finished.text
    assert olle.get("/api/cases/drafts").json()["items"] == []
    [service_note] = [d for d in olle.get(f"{url}/documents").json()["documents"] if d["kind"] == "service_note"]
    assert service_note["visible_to_customer"] is True
    assert "script" not in service_note["body"]
    assert "onclick" not in service_note["body"]
    assert "Mvh" in service_note["body"]

    # Closing asks what the settings ask: confirmation, and the customer still wants an answer.
    questions = olle.get(f"{url}/closing").json()
    assert (questions["confirm_required"], questions["unanswered_warning"], questions["notes_to_delete"]) == (
        True,
        True,
        1,
    )
    current = olle.get(url).headers["etag"]
    unconfirmed = olle.post(f"{url}/close", json={}, headers={"If-Match": current})
    assert (unconfirmed.status_code, problem_fields(unconfirmed)) == (409, {"confirmed"})
    unanswered = olle.post(f"{url}/close", json={"confirmed": True}, headers={"If-Match": current})
    assert (unanswered.status_code, problem_fields(unanswered)) == (409, {"close_unanswered"})
    closed = olle.post(
        f"{url}/close", json={"confirmed": True, "close_unanswered": True}, headers={"If-Match": current}
    )
    assert closed.status_code == 200, closed.text
    assert closed.json()["case"]["status"] == "closed"
    assert closed.json()["case"]["closed_at"] is not None
    assert olle.get(f"{url}/notes").json()["notes"] == []
    assert [d["id"] for d in olle.get(f"{url}/documents").json()["documents"]] == [service_note["id"]]
    inbox_row(olle, office["inbox"], case["id"], has_notes=False, status="closed")

    # The customer replies within the limit after closing: the case reopens by itself.
    reply = CustomerReplyReceivedV1(
        case_id=case["id"],
        received_at=datetime.now(UTC),
        channel=Channel.EMAIL,
        deed=ReceivedDeedSummary(kind="incoming_email", title="Sv: Trasig gatlykta", sender="asa@example.se"),
    )
    asyncio.run(publish_event(system.config.rabbitmq_url, reply, source="channel-gateway"))

    def reopened() -> dict[str, Any] | None:
        card: dict[str, Any] = olle.get(url).json()
        return card if card["status"] == "reopened" else None

    card = eventually_sync(reopened, timeout=20, what="case reopened by the reply")
    assert {alert["kind"] for alert in card["alerts"]} == {"customer_reply_received", "reopened_automatically"}

    def reason_logged() -> bool:
        entries = olle.get(f"{url}/event-log").json()["entries"]
        return any(e["field"] == "reopen_reason" and "Kundsvar" in (e["new"] or "") for e in entries)

    eventually_sync(reason_logged, timeout=20, what="the reopening and its reason in the event log")
    inbox_row(olle, office["inbox"], case["id"], status="reopened", has_alerts=True)


def test_copy_pasted_whole_into_another_inbox_and_cut_refused_for_another_officers_case(
    office: dict[str, str], as_user: Callable[..., httpx.Client], register: Callable[..., dict[str, Any]]
) -> None:
    olle, stina = as_user(office["olle"], "Olle Ek"), as_user(office["stina"], "Stina Lind")
    case = register(olle, office["inbox"], title="Bygglovsfråga")
    version = take(olle, case, office["olle"])
    call = olle.post(
        f"/api/cases/{case['id']}/deeds",
        json={"kind": "phone_call", "body": "Kunden frågade om bygglov för altan"},
        headers={"If-Match": version},
    )
    assert call.status_code == 201, call.text

    refused = stina.put("/api/cases/clipboard", json={"mode": "cut", "case_ids": [case["id"]]})
    assert refused.status_code == 403
    assert case["number"] in refused.json()["detail"]
    assert stina.get("/api/cases/clipboard").json()["cases"] == []

    copied = olle.put("/api/cases/clipboard", json={"mode": "copy", "case_ids": [case["id"]]})
    assert copied.status_code == 200, copied.text
    pasted = olle.post("/api/cases/clipboard/paste", json={"inbox_id": office["other_inbox"], "content": "whole"})
    assert pasted.status_code == 200, pasted.text
    [result] = pasted.json()["results"]
    assert result["outcome"] == "copied"
    copy = olle.get(f"/api/cases/{result['new_case_id']}").json()
    assert (copy["inbox_id"], copy["number"] != case["number"]) == (office["other_inbox"], True)
    bodies = [d["body"] for d in olle.get(f"/api/cases/{copy['id']}/documents").json()["documents"]]
    assert bodies == ["Kunden frågade om bygglov för altan"]
    related = olle.get(f"/api/cases/{case['id']}/relations").json()["related"]
    assert [r["case_id"] for r in related] == [copy["id"]]
    inbox_row(olle, office["other_inbox"], copy["id"], title="Bygglovsfråga")

    cut = olle.put("/api/cases/clipboard", json={"mode": "cut", "case_ids": [case["id"]]})
    assert cut.status_code == 200, cut.text
    moved = olle.post("/api/cases/clipboard/paste", json={"inbox_id": office["other_inbox"]})
    assert [r["outcome"] for r in moved.json()["results"]] == ["moved"]
    assert olle.get("/api/cases/clipboard").json()["cases"] == []
    inbox_row(olle, office["other_inbox"], case["id"], officer_id=office["olle"])
