"""Drafts, "Mina utkast" (CASE-20): save, list only mine, resume, change with If-Match, finish as a
deed (idempotent and crash-safe), discard, and reply drafts that are sent elsewhere, over the
in-process API with a real MongoDB-wire server and RabbitMQ."""

import asyncio
import os
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from pymongo.asynchronous.database import AsyncDatabase

from arendo_kit.mongo import Document, ensure_indexes
from arendo_kit.testing.events import EventProbe
from arendo_kit.testing.fixture_types import AsUser, NewCase, NewInbox
from arendo_kit.testing.http import if_match, problem_fields
from case_service.api.deps import CaseContext
from case_service.domain.case import DeedKind
from case_service.domain.deeds import register_manual_deed
from case_service.domain.drafts import Draft, DraftKind, new_draft, revise_draft
from case_service.store.drafts import INDEXES, DraftRepository

pytestmark = pytest.mark.integration

PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n" + os.urandom(2_000) + b"\n%%EOF\n"
NOTE = '<p onclick="alert(1)">Lyktan <b>lagas</b> vecka 49.</p><script>alert("xss")</script>'
SANITISED = "<p>Lyktan <b>lagas</b> vecka 49.</p>"


def context(api: httpx.AsyncClient) -> CaseContext:
    ctx: CaseContext = api.app.state.context  # type: ignore[attr-defined]
    return ctx


async def a_draft(api: httpx.AsyncClient, case: dict[str, Any], kind: str = "service_note", **fields: Any) -> Any:
    response = await api.post(f"/api/cases/{case['id']}/drafts", json={"kind": kind, "body": NOTE, **fields})
    assert response.status_code == 201, response.text
    assert response.headers["etag"] == '"1"'
    return response.json()


async def documents(api: httpx.AsyncClient, case: dict[str, Any]) -> list[dict[str, Any]]:
    listed: list[dict[str, Any]] = (await api.get(f"/api/cases/{case['id']}/documents")).json()["documents"]
    return listed


async def test_drafts_are_saved_listed_resumed_and_changed_by_their_author_only(
    api: httpx.AsyncClient, new_inbox: NewInbox, new_case: NewCase, as_user: AsUser
) -> None:
    inbox_id = await new_inbox()
    lamp = await new_case(inbox_id, "Trasig gatlykta")
    bench = await new_case(inbox_id, "Trasig parkbänk")
    created = await api.post(
        f"/api/cases/{lamp['id']}/drafts", json={"kind": "service_note", "title": " Besked ", "body": NOTE}
    )
    assert created.status_code == 201, created.text
    draft = created.json()
    assert created.headers["location"] == f"/api/cases/drafts/{draft['id']}"
    assert (draft["body"], draft["body_format"], draft["title"], draft["version"]) == (SANITISED, "html", "Besked", 1)
    assert (draft["case_number"], draft["case_title"], draft["kind_label"]) == (
        lamp["number"],
        "Trasig gatlykta",
        "Tjänsteanteckning",
    )
    internal = await a_draft(api, bench, "internal_service_note", body="<p>Till kollegorna</p>")
    sms = await a_draft(api, lamp, "sms_reply", body="Hej! Lyktan lagas v. 49.")
    assert (sms["body_format"], sms["kind_label"]) == ("text", "Svar via SMS")
    # Saving a draft does not change the case.
    assert (await api.get(f"/api/cases/{lamp['id']}")).json()["version"] == lamp["version"]

    mine = (await api.get("/api/cases/drafts")).json()
    assert [d["id"] for d in mine["items"]] == [sms["id"], internal["id"], draft["id"]]  # latest change first
    assert (mine["total"], mine["page"], mine["page_size"]) == (3, 1, 25)
    listed = mine["items"][2]
    assert (listed["case_number"], listed["case_title"], listed["kind_label"], listed["excerpt"]) == (
        lamp["number"],
        "Trasig gatlykta",
        "Tjänsteanteckning",
        "Lyktan lagas vecka 49.",
    )
    second_page = (await api.get("/api/cases/drafts", params={"page": 2, "page_size": 2})).json()
    assert ([d["id"] for d in second_page["items"]], second_page["total"]) == ([draft["id"]], 3)

    item = f"/api/cases/drafts/{draft['id']}"
    resumed = await api.get(item)
    assert (resumed.status_code, resumed.headers["etag"], resumed.json()["body"]) == (200, '"1"', SANITISED)

    changed = await api.put(
        item,
        json={"title": "Besked om lyktan", "body": "<p>Lyktan lagas <i>måndag</i>.</p><img src=x onerror=alert(1)>"},
        headers=if_match(1),
    )
    assert changed.status_code == 200, changed.text
    assert (changed.headers["etag"], changed.json()["body"]) == ('"2"', "<p>Lyktan lagas <i>måndag</i>.</p>")
    assert changed.json()["kind"] == "service_note"
    stale = await api.put(item, json={"body": "<p>gammalt</p>"}, headers=if_match(1))
    assert (stale.status_code, problem_fields(stale)) == (412, {"If-Match"})
    assert (await api.put(item, json={"body": "x"})).status_code == 428
    assert (await api.get("/api/cases/drafts")).json()["items"][0]["id"] == draft["id"]  # changed last
    assert (await api.get(item)).json()["body"] == "<p>Lyktan lagas <i>måndag</i>.</p>"

    carl = as_user("u-carl", "Carl Claesson")
    admin = as_user("u-admin", "Ada Admin", "admin")
    for other in (carl, admin):
        assert (await api.get("/api/cases/drafts", headers=other)).json() == {
            "items": [],
            "total": 0,
            "page": 1,
            "page_size": 25,
        }
        assert (await api.get(item, headers=other)).status_code == 404
        assert (await api.put(item, json={"body": "x"}, headers={**other, **if_match(2)})).status_code == 404
        assert (await api.delete(item, headers={**other, **if_match(2)})).status_code == 404
        assert (await api.post(f"{item}/finish", headers={**other, **if_match(2)})).status_code == 404
    assert (await api.get(item)).json()["version"] == 2  # untouched by the others


async def test_finishing_registers_the_note_as_a_deed_once_and_removes_the_draft(
    api: httpx.AsyncClient, new_case: NewCase, rabbitmq_url: str
) -> None:
    case = await new_case(title="Trasig gatlykta")
    uploaded = await api.post(
        f"/api/cases/{case['id']}/attachments", files={"file": ("karta.pdf", PDF, "application/pdf")}
    )
    file_id = uploaded.json()["file_id"]
    draft = await a_draft(api, case, title="Besked om lyktan", attachment_ids=[file_id])
    finish = f"/api/cases/drafts/{draft['id']}/finish"

    assert (await api.post(finish)).status_code == 428
    stale = await api.post(finish, headers=if_match(2))
    assert (stale.status_code, problem_fields(stale)) == (412, {"If-Match"})
    async with EventProbe(rabbitmq_url, ["case.updated.v1"]) as probe:
        finished = await api.post(finish, headers=if_match(1))
        assert finished.status_code == 200, finished.text
        event = await probe.wait_for("case.updated.v1", subject=case["id"])
    body = finished.json()
    assert finished.headers["etag"] == f'"{case["version"] + 1}"'
    assert (body["case_id"], body["case_number"], body["case_version"]) == (
        case["id"],
        case["number"],
        case["version"] + 1,
    )
    deed = body["deed"]
    assert (deed["kind"], deed["title"], deed["body"], deed["body_format"], deed["visible_to_customer"]) == (
        "service_note",
        "Besked om lyktan",
        SANITISED,
        "html",
        True,
    )
    assert (deed["author_id"], [a["file_id"] for a in deed["attachments"]]) == ("u-bengt", [file_id])
    assert [(c["field"], c["new"]) for c in event.data["changes"]] == [("deed", "Tjänsteanteckning: Besked om lyktan")]

    viewer = await documents(api, case)
    assert [(d["id"], d["body"], d["body_format"]) for d in viewer] == [(deed["id"], SANITISED, "html")]
    assert (await api.get(f"/api/cases/drafts/{draft['id']}")).status_code == 404
    assert (await api.get("/api/cases/drafts")).json()["items"] == []

    again = await api.post(finish, headers=if_match(1))
    assert again.status_code == 404
    assert [d["id"] for d in await documents(api, case)] == [deed["id"]]


async def test_finishes_at_the_same_moment_register_one_deed(api: httpx.AsyncClient, new_case: NewCase) -> None:
    case = await new_case(title="Trasig gatlykta")
    draft = await a_draft(api, case)
    finish = f"/api/cases/drafts/{draft['id']}/finish"
    answers = await asyncio.gather(*(api.post(finish, headers=if_match(1)) for _ in range(3)))
    assert {a.status_code for a in answers} <= {200, 404}, [a.text for a in answers]
    finished = [a.json()["deed"]["id"] for a in answers if a.status_code == 200]
    assert finished
    assert len(set(finished)) == 1  # every finish that succeeded reports the same deed
    assert [d["id"] for d in await documents(api, case)] == finished[:1]
    assert await context(api).drafts.get(draft["id"]) is None


async def test_a_finish_interrupted_after_the_deed_only_removes_the_draft_when_repeated(
    api: httpx.AsyncClient, new_case: NewCase
) -> None:
    case = await new_case(title="Trasig gatlykta")
    draft = await a_draft(api, case, "internal_service_note", body="<p>Till kollegorna</p>")
    # The deed was written, then the process stopped before the draft was removed.
    ctx = context(api)
    stored = await ctx.cases.require(case["id"])
    with_deed, deed, _ = register_manual_deed(
        stored,
        kind=DeedKind.INTERNAL_SERVICE_NOTE,
        title=None,
        body=draft["body"],
        direction=None,
        attachments=(),
        by_id="u-bengt",
        by_name="Bengt Berg",
        now=datetime.now(UTC),
        source_id=draft["id"],
    )
    await ctx.cases.store(with_deed)

    finished = await api.post(f"/api/cases/drafts/{draft['id']}/finish", headers=if_match(1))
    assert finished.status_code == 200, finished.text
    assert finished.json()["deed"]["id"] == deed.id
    assert [d["id"] for d in await documents(api, case)] == [deed.id]
    assert await ctx.drafts.get(draft["id"]) is None


async def test_a_finish_goes_through_the_cases_gate(api: httpx.AsyncClient, new_case: NewCase, as_user: AsUser) -> None:
    case = await new_case(title="Trasig gatlykta")
    draft = await a_draft(api, case)
    carl = as_user("u-carl", "Carl Claesson")
    assert (await api.post(f"/api/cases/{case['id']}/lock", headers=carl)).status_code == 200
    locked = await api.post(f"/api/cases/drafts/{draft['id']}/finish", headers=if_match(1))
    assert locked.status_code == 409
    assert "Carl Claesson" in locked.json()["detail"]
    assert await documents(api, case) == []
    assert (await api.get(f"/api/cases/drafts/{draft['id']}")).status_code == 200  # kept for later


async def test_a_reply_draft_is_sent_from_the_reply_dialog_not_finished_here(
    api: httpx.AsyncClient, new_case: NewCase
) -> None:
    case = await new_case(title="Trasig gatlykta")
    for kind in ("email_reply", "sms_reply"):
        draft = await a_draft(api, case, kind, body="Hej! Lyktan lagas.")
        refused = await api.post(f"/api/cases/drafts/{draft['id']}/finish", headers=if_match(1))
        assert refused.status_code == 409, kind
        assert "svarsdialogen" in refused.json()["detail"]
        assert (await api.get(f"/api/cases/drafts/{draft['id']}")).status_code == 200
    assert await documents(api, case) == []


async def test_a_discarded_draft_is_gone_with_the_files_uploaded_for_it(
    api: httpx.AsyncClient, new_case: NewCase
) -> None:
    case = await new_case(title="Trasig gatlykta")
    attachments = f"/api/cases/{case['id']}/attachments"
    own = (await api.post(attachments, files={"file": ("karta.pdf", PDF, "application/pdf")})).json()
    shared = (await api.post(attachments, files={"file": ("foto.pdf", PDF, "application/pdf")})).json()
    draft = await a_draft(api, case, attachment_ids=[own["file_id"], shared["file_id"]])
    keeps = await a_draft(api, case, "internal_service_note", attachment_ids=[shared["file_id"]])
    item = f"/api/cases/drafts/{draft['id']}"

    assert (await api.delete(item)).status_code == 428
    assert (await api.delete(item, headers=if_match(2))).status_code == 412
    discarded = await api.delete(item, headers=if_match(1))
    assert discarded.status_code == 204
    assert (await api.get(item)).status_code == 404
    assert (await api.delete(item, headers=if_match(1))).status_code == 404
    remaining = (await api.get(attachments)).json()["attachments"]
    assert [a["file_id"] for a in remaining] == [shared["file_id"]]  # the other draft still carries it
    assert [d["id"] for d in (await api.get("/api/cases/drafts")).json()["items"]] == [keeps["id"]]


async def test_bad_drafts_are_refused_naming_the_field(
    api: httpx.AsyncClient, new_inbox: NewInbox, new_case: NewCase
) -> None:
    inbox_id = await new_inbox()
    case = await new_case(inbox_id, "Trasig gatlykta")
    other = await new_case(inbox_id, "Annat ärende")
    elsewhere = (
        await api.post(f"/api/cases/{other['id']}/attachments", files={"file": ("karta.pdf", PDF, "application/pdf")})
    ).json()
    url = f"/api/cases/{case['id']}/drafts"
    for body, field in (
        ({"kind": "letter", "body": "x"}, "kind"),
        ({"body": "x"}, "kind"),
        ({"kind": "service_note", "body": "x", "secret": True}, "secret"),
        ({"kind": "service_note", "title": "x" * 301}, "title"),
        ({"kind": "service_note", "attachment_ids": [elsewhere["file_id"]]}, "attachment_ids"),
        ({"kind": "sms_reply", "body": "Hej", "attachment_ids": [elsewhere["file_id"]]}, "attachment_ids"),
        ({"kind": "sms_reply", "body": "x" * 1531}, "body"),
    ):
        refused = await api.post(url, json=body)
        assert (refused.status_code, problem_fields(refused)) == (422, {field}), body
    assert (await api.post("/api/cases/finns-inte/drafts", json={"kind": "service_note"})).status_code == 404
    assert (await api.get("/api/cases/drafts")).json()["total"] == 0

    empty = await a_draft(api, case, body="<p><br></p>")
    assert empty["body"] == ""  # an unfinished draft may be empty ...
    refused = await api.post(f"/api/cases/drafts/{empty['id']}/finish", headers=if_match(1))
    assert (refused.status_code, problem_fields(refused)) == (422, {"body"})  # ... but is not registered so
    assert await documents(api, case) == []


async def test_store_conformance_of_drafts(mongo_db: AsyncDatabase[Document]) -> None:
    """The query shapes the draft store uses: by author newest change first with paging, count,
    by case, and a delete guarded by the version read."""
    await ensure_indexes(mongo_db, INDEXES)
    store = DraftRepository(mongo_db)
    at = datetime(2026, 11, 28, 9, 0, tzinfo=UTC)

    def draft(author: str, case_id: str, minutes: int) -> Draft:
        return new_draft(
            author_id=author,
            case_id=case_id,
            kind=DraftKind.SERVICE_NOTE,
            title=None,
            body=f"<p>{minutes}</p>",
            attachment_ids=["f-1"] if minutes == 2 else [],
            drafts_of_author=0,
            now=at + timedelta(minutes=minutes),
        )

    first, second, third, carls = (
        draft("u-a", "c-1", 1),
        draft("u-a", "c-2", 2),
        draft("u-a", "c-1", 3),
        draft("u-c", "c-1", 4),
    )
    for item in (first, second, third, carls):
        await store.store(item)
    page, total = await store.page_of("u-a", skip=0, limit=2)
    assert ([d.id for d in page], total) == ([third.id, second.id], 3)
    page, total = await store.page_of("u-a", skip=2, limit=2)
    assert ([d.id for d in page], total) == ([first.id], 3)
    assert page[0].updated_at == at + timedelta(minutes=1)
    assert await store.count_of("u-c") == 1
    assert {d.id for d in await store.of_case("c-1")} == {first.id, third.id, carls.id}
    assert (await store.get(second.id)) == second

    revised = revise_draft(first, title="Ny", body="<p>ny</p>", attachment_ids=[], now=at + timedelta(minutes=9))
    await store.store(revised)
    assert not await store.delete(first)  # the version read is no longer the stored one
    assert await store.delete(revised)
    assert await store.get(first.id) is None
    assert (await store.page_of("u-a", skip=0, limit=10))[1] == 2
