"""Closing a case (CASE-27) over the in-process API with a real MongoDB-wire server and RabbitMQ: the
close dialog, the confirmations the system settings ask for, the deleted notes, sub-cases, and the
status endpoints that close by the same rule."""

from datetime import UTC, datetime, timedelta

import httpx
import pytest

from arendo_kit.testing.events import EventProbe
from arendo_kit.testing.fixture_types import NewCase, NewInbox, NewUser, ReadCase
from arendo_kit.testing.http import if_match, problem_fields
from case_service.domain.case import AttachmentRef, InternalNote

pytestmark = pytest.mark.integration

CONFIRMED = {"confirmed": True}


async def test_closing_must_be_confirmed_and_a_refusal_changes_nothing(
    api: httpx.AsyncClient, new_case: NewCase, read_case: ReadCase, rabbitmq_url: str
) -> None:
    case = await new_case(title="Trasig gatlykta")
    url = f"/api/cases/{case['id']}"
    dialog = (await api.get(f"{url}/closing")).json()
    assert dialog == {
        "case_id": case["id"],
        "version": case["version"],
        "closable": True,
        "refusal": None,
        "confirm_required": True,
        "unanswered_warning": False,
        "offer_close_sub_cases": False,
        "open_sub_cases": [],
        "notes_to_delete": 0,
    }

    assert (await api.post(f"{url}/close", json=CONFIRMED)).status_code == 428
    refused = await api.post(f"{url}/close", json={}, headers=if_match(case))
    assert refused.status_code == 409
    assert problem_fields(refused) == {"confirmed"}
    assert refused.json()["detail"] == f"Bekräfta att ärendet {case['number']} ska avslutas"
    unchanged = await read_case(case)
    assert (unchanged["status"], unchanged["closed_at"], unchanged["version"]) == ("new", None, case["version"])

    async with EventProbe(rabbitmq_url, ["case.closed.v1", "case.updated.v1"]) as probe:
        closed = await api.post(f"{url}/close", json=CONFIRMED, headers=if_match(case))
        assert closed.status_code == 200, closed.text
        event = await probe.wait_for("case.closed.v1", subject=case["id"])
    body = closed.json()
    assert (body["case"]["status"], body["sub_cases"]) == ("closed", [])
    assert body["case"]["closed_at"] is not None
    assert closed.headers["etag"] == f'"{case["version"] + 1}"'
    assert event.data["case"]["closed_at"] is not None
    assert datetime.fromisoformat(event.data["case"]["closed_at"]) == datetime.fromisoformat(body["case"]["closed_at"])
    assert (event.data["closed_by"], event.actor) == ("u-bengt", "u-bengt")
    assert [c["field"] for c in event.data["changes"]] == ["status", "closed_at"]
    assert probe.of_type("case.updated.v1") == []  # a closing is published as case.closed.v1 only

    again = await api.post(f"{url}/close", json=CONFIRMED, headers={"If-Match": closed.headers["etag"]})
    assert again.status_code == 409
    assert problem_fields(again) == {"status"}
    assert (await api.get(f"{url}/closing")).json()["refusal"] == f"Ärendet {case['number']} är redan avslutat"


async def test_an_unanswered_customer_is_warned_about_unless_closed_anyway(
    api: httpx.AsyncClient, new_inbox: NewInbox, new_case: NewCase, read_case: ReadCase
) -> None:
    inbox_id = await new_inbox()
    case = await new_case(inbox_id, customer_wants_answer=True)
    url = f"/api/cases/{case['id']}"
    assert (await api.get(f"{url}/closing")).json()["unanswered_warning"] is True

    refused = await api.post(f"{url}/close", json=CONFIRMED, headers=if_match(case))
    assert refused.status_code == 409
    assert problem_fields(refused) == {"close_unanswered"}
    assert "önskar svar" in refused.json()["detail"]
    assert "inte fått något svar" in refused.json()["detail"]
    assert (await read_case(case))["status"] == "new"

    closed = await api.post(f"{url}/close", json={**CONFIRMED, "close_unanswered": True}, headers=if_match(case))
    assert closed.status_code == 200, closed.text
    assert closed.json()["case"]["status"] == "closed"

    answered = await new_case(inbox_id, customer_wants_answer=True)
    patched = await api.patch(
        f"/api/cases/{answered['id']}", json={"customer_answered": True}, headers=if_match(answered)
    )
    assert (await api.get(f"/api/cases/{answered['id']}/closing")).json()["unanswered_warning"] is False
    done = await api.post(f"/api/cases/{answered['id']}/close", json=CONFIRMED, headers=if_match(patched.json()))
    assert done.status_code == 200, done.text


async def test_closing_deletes_the_internal_notes_and_keeps_deeds_and_service_notes(
    api: httpx.AsyncClient, new_case: NewCase, read_case: ReadCase, rabbitmq_url: str
) -> None:
    case = await new_case()
    url = f"/api/cases/{case['id']}"
    noted = await api.post(
        f"{url}/deeds", json={"kind": "service_note", "body": "Kontaktade gatuenheten"}, headers=if_match(case)
    )
    assert noted.status_code == 201, noted.text
    # Notes are put straight into the case: their own API is another part of the service.
    repository = api.app.state.context.cases  # type: ignore[attr-defined]
    stored = await repository.require(case["id"])
    now = datetime.now(UTC)
    notes = (
        InternalNote(id="n-1", text="Ring upp kl 14", author_id="u-bengt", author_name="Bengt Berg", at=now),
        InternalNote(
            id="n-2",
            text="Se bilaga",
            author_id="u-bengt",
            author_name="Bengt Berg",
            at=now,
            attachments=(AttachmentRef(file_id="f-1", filename="karta.pdf", content_type="application/pdf", size=3),),
        ),
    )
    await repository.store(stored.model_copy(update={"notes": notes, "version": stored.next_version()}))
    before = await read_case(case)
    assert (await api.get(f"{url}/closing")).json()["notes_to_delete"] == 2

    async with EventProbe(rabbitmq_url, ["case.closed.v1"]) as probe:
        closed = await api.post(f"{url}/close", json=CONFIRMED, headers=if_match(before))
        assert closed.status_code == 200, closed.text
        event = await probe.wait_for("case.closed.v1", subject=case["id"])
    after = await repository.require(case["id"])
    assert after.notes == ()
    assert "f-1" in after.discarded_files  # the note's file is removed from storage after the write
    assert [d["title"] for d in closed.json()["case"]["deeds"]] == [d["title"] for d in before["deeds"]]
    assert [d["kind"] for d in closed.json()["case"]["deeds"]] == ["service_note"]
    assert ("notes", "2", "Anteckningar raderade vid avslut") in [
        (c["field"], c["old"], c["new"]) for c in event.data["changes"]
    ]
    assert event.data["case"]["flags"]["has_notes"] is False


async def test_open_sub_cases_are_offered_and_closed_each_by_the_same_rule(
    api: httpx.AsyncClient,
    new_inbox: NewInbox,
    new_case: NewCase,
    read_case: ReadCase,
    new_user: NewUser,
    rabbitmq_url: str,
) -> None:
    inbox_id = await new_inbox()
    await new_user("u-carl", "Carl Claesson", inbox_id)
    main = await new_case(inbox_id, title="Huvudärende")
    mine = await new_case(inbox_id, title="Eget underärende")
    carls = await new_case(inbox_id, title="Carls underärende")
    done = await new_case(inbox_id, title="Redan avslutat")
    assigned = await api.put(
        f"/api/cases/{carls['id']}/officer", json={"officer_id": "u-carl"}, headers=if_match(carls)
    )
    assert assigned.status_code == 200, assigned.text
    finished = await api.post(f"/api/cases/{done['id']}/close", json=CONFIRMED, headers=if_match(done))
    assert finished.status_code == 200, finished.text
    related = await api.post(
        f"/api/cases/{main['id']}/relations",
        json={"sub_case_ids": [mine["id"], carls["id"], done["id"]]},
        headers=if_match(main),
    )
    assert related.status_code == 200, related.text
    main = await read_case(main)
    url = f"/api/cases/{main['id']}"

    dialog = (await api.get(f"{url}/closing")).json()
    assert dialog["offer_close_sub_cases"] is True
    assert [(s["number"], s["title"], s["status"]) for s in dialog["open_sub_cases"]] == [
        (mine["number"], "Eget underärende", "new"),
        (carls["number"], "Carls underärende", "new"),
    ]

    unanswered = await api.post(f"{url}/close", json=CONFIRMED, headers=if_match(main))
    assert unanswered.status_code == 409
    assert problem_fields(unanswered) == {"close_sub_cases"}
    assert f"{mine['number']}, {carls['number']}" in unanswered.json()["detail"]
    assert (await read_case(main))["status"] == "new"

    async with EventProbe(rabbitmq_url, ["case.closed.v1"]) as probe:
        closed = await api.post(f"{url}/close", json={**CONFIRMED, "close_sub_cases": True}, headers=if_match(main))
        assert closed.status_code == 200, closed.text
        await probe.wait_for("case.closed.v1", subject=mine["id"])
    body = closed.json()
    assert body["case"]["status"] == "closed"
    assert [(s["case_id"], s["outcome"], s["reason"]) for s in body["sub_cases"]] == [
        (mine["id"], "changed", None),
        (carls["id"], "refused", "officer_rule"),
    ]
    assert "Carl Claesson" in body["sub_cases"][1]["detail"]
    assert body["sub_cases"][0]["version"] == (await read_case(mine))["version"]
    assert (await read_case(mine))["status"] == "closed"
    assert (await read_case(carls))["status"] == "new"
    assert {e.subject for e in probe.of_type("case.closed.v1")} >= {main["id"], mine["id"]}

    # Declining leaves the sub-cases open.
    other = await new_case(inbox_id)
    sub = await new_case(inbox_id)
    await api.post(f"/api/cases/{other['id']}/relations", json={"sub_case_ids": [sub["id"]]}, headers=if_match(other))
    other = await read_case(other)
    kept = await api.post(
        f"/api/cases/{other['id']}/close", json={**CONFIRMED, "close_sub_cases": False}, headers=if_match(other)
    )
    assert kept.status_code == 200, kept.text
    assert kept.json()["sub_cases"] == []
    assert (await read_case(sub))["status"] == "new"


async def test_the_status_endpoints_close_by_the_same_rule(
    api: httpx.AsyncClient, new_inbox: NewInbox, new_case: NewCase, read_case: ReadCase, rabbitmq_url: str
) -> None:
    inbox_id = await new_inbox()
    case = await new_case(inbox_id)
    url = f"/api/cases/{case['id']}/status"
    refused = await api.put(url, json={"status": "closed"}, headers=if_match(case))
    assert refused.status_code == 409
    assert problem_fields(refused) == {"confirmed"}
    async with EventProbe(rabbitmq_url, ["case.closed.v1"]) as probe:
        closed = await api.put(url, json={"status": "closed", **CONFIRMED}, headers=if_match(case))
        assert closed.status_code == 200, closed.text
        event = await probe.wait_for("case.closed.v1", subject=case["id"])
    assert closed.json()["closed_at"] is not None
    assert event.data["case"]["status"] == "closed"

    plain = await new_case(inbox_id, title="Vanligt")
    waiting = await new_case(inbox_id, title="Kund väntar", customer_wants_answer=True)
    ids = [plain["id"], waiting["id"]]
    unconfirmed = (await api.post("/api/cases/status-changes", json={"case_ids": ids, "status": "closed"})).json()
    assert [(r["outcome"], r["reason"]) for r in unconfirmed["results"]] == [
        ("refused", "confirmation_required"),
        ("refused", "confirmation_required"),
    ]
    assert unconfirmed["results"][0]["detail"] == f"Bekräfta att ärendet {plain['number']} ska avslutas"
    confirmed = (
        await api.post("/api/cases/status-changes", json={"case_ids": ids, "status": "closed", **CONFIRMED})
    ).json()
    assert [(r["outcome"], r["reason"]) for r in confirmed["results"]] == [
        ("changed", None),
        ("refused", "unanswered"),
    ]
    assert "önskar svar" in confirmed["results"][1]["detail"]
    assert (await read_case(waiting))["status"] == "new"
    anyway = (
        await api.post(
            "/api/cases/status-changes",
            json={"case_ids": [waiting["id"]], "status": "closed", **CONFIRMED, "close_unanswered": True},
        )
    ).json()
    assert [r["outcome"] for r in anyway["results"]] == ["changed"]


async def test_bad_closing_input_is_named(api: httpx.AsyncClient, new_case: NewCase, read_case: ReadCase) -> None:
    case = await new_case()
    url = f"/api/cases/{case['id']}/close"
    past = (datetime.now(UTC) - timedelta(days=1)).isoformat()
    far = (datetime.now(UTC) + timedelta(days=365 * 6)).isoformat()
    cases = [
        ({**CONFIRMED, "reopen_at": "2027-01-01T10:00:00"}, 422, "reopen_at"),  # no time zone
        ({**CONFIRMED, "reopen_at": past}, 422, "reopen_at"),
        ({**CONFIRMED, "reopen_at": far}, 422, "reopen_at"),
        ({**CONFIRMED, "reopen_reason": "x" * 501}, 422, "reopen_reason"),
        ({**CONFIRMED, "reopen_reason": "Följ upp"}, 422, "reopen_at"),  # a reason without a time
        ({**CONFIRMED, "confirmed": "kanske"}, 422, "confirmed"),
        ({**CONFIRMED, "avsluta": True}, 422, "avsluta"),
    ]
    for body, status, field in cases:
        response = await api.post(url, json=body, headers=if_match(case))
        assert (response.status_code, problem_fields(response)) == (status, {field}), body
    assert (await read_case(case))["version"] == case["version"]
    assert (
        await api.post("/api/cases/finns-inte/close", json=CONFIRMED, headers={"If-Match": '"1"'})
    ).status_code == 404
    assert (await api.get("/api/cases/finns-inte/closing")).status_code == 404
    stale = await api.post(url, json=CONFIRMED, headers=if_match(case["version"] + 3))
    assert stale.status_code == 412


async def test_closing_with_a_planned_reopening(api: httpx.AsyncClient, new_case: NewCase, rabbitmq_url: str) -> None:
    case = await new_case()
    at = (datetime.now(UTC) + timedelta(days=14)).replace(microsecond=0)
    async with EventProbe(rabbitmq_url, ["case.closed.v1"]) as probe:
        closed = await api.post(
            f"/api/cases/{case['id']}/close",
            json={**CONFIRMED, "reopen_at": at.isoformat(), "reopen_reason": "Följ upp bygget"},
            headers=if_match(case),
        )
        assert closed.status_code == 200, closed.text
        event = await probe.wait_for("case.closed.v1", subject=case["id"])
    body = closed.json()["case"]
    assert body["status"] == "closed"
    assert datetime.fromisoformat(body["scheduled_reopen"]["at"]) == at
    assert (body["scheduled_reopen"]["reason"], body["scheduled_reopen"]["by_name"]) == (
        "Följ upp bygget",
        "Bengt Berg",
    )
    assert body["version"] == case["version"] + 1
    assert [c["field"] for c in event.data["changes"]] == ["status", "closed_at", "scheduled_reopen"]
    timers = api.app.state.runtime.timers  # type: ignore[attr-defined]
    timer = await timers.get(kind="scheduled-reopen", key=case["id"])
    assert timer is not None
    assert timer["due_at"] == at
