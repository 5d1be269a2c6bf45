"""Internal notes (CASE-17): written with attachments, listed and filtered, deleted by their author
or the case's officer, their files purged from GridFS, over the in-process API with a real
MongoDB-wire server and RabbitMQ."""

from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest

from arendo_kit.testing.events import EventProbe
from arendo_kit.testing.fixture_types import AsUser, NewCase
from arendo_kit.testing.http import if_match, problem_fields
from arendo_kit.testing.polling import eventually
from case_service.domain.notes import delete_all_notes
from case_service.service.changes import store_change
from case_service.service.notes import purge_discarded_files
from case_service.store import AttachmentStore

pytestmark = pytest.mark.integration

PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 32
SECRET = "Kunden berättade om sin skuldsanering i förtroende"
STOCKHOLM = ZoneInfo("Europe/Stockholm")


def stored_files(api: httpx.AsyncClient) -> AttachmentStore:
    store: AttachmentStore = api.app.state.context.attachments  # type: ignore[attr-defined]
    return store


async def upload(api: httpx.AsyncClient, case_id: str, name: str, content: bytes, content_type: str) -> str:
    response = await api.post(f"/api/cases/{case_id}/attachments", files={"file": (name, content, content_type)})
    assert response.status_code == 201, response.text
    file_id: str = response.json()["file_id"]
    return file_id


async def add(
    api: httpx.AsyncClient, case_id: str, version: int | str, text: str, *ids: str, **headers: str
) -> httpx.Response:
    return await api.post(
        f"/api/cases/{case_id}/notes",
        json={"text": text, "attachment_ids": list(ids)},
        headers={**if_match(version), **headers},
    )


async def listed(api: httpx.AsyncClient, case_id: str, **params: str) -> list[str]:
    response = await api.get(f"/api/cases/{case_id}/notes", params=params)
    assert response.status_code == 200, response.text
    return [note["text"] for note in response.json()["notes"]]


async def purged(api: httpx.AsyncClient, file_id: str) -> bool:
    store = stored_files(api)
    return await store.get(file_id) is None and await store.open(file_id) is None


async def test_a_note_with_an_attachment_is_listed_and_its_text_never_leaves_in_events(
    api: httpx.AsyncClient, new_case: NewCase, rabbitmq_url: str
) -> None:
    case = await new_case(title="Gatlykta")
    file_id = await upload(api, case["id"], "Skuldplan.pdf", PDF, "application/pdf")

    async with EventProbe(rabbitmq_url, ["case.updated.v1"]) as probe:
        added = await add(api, case["id"], case["version"], f"  {SECRET}\n", file_id)
        assert added.status_code == 201, added.text
        event = await probe.wait_for("case.updated.v1", subject=case["id"])
    note = added.json()
    assert added.headers["etag"] == f'"{case["version"] + 1}"'
    assert (note["text"], note["author_id"], note["author_name"], note["may_delete"]) == (
        SECRET,
        "u-bengt",
        "Bengt Berg",
        True,
    )
    download_url = f"/api/cases/{case['id']}/attachments/{file_id}"
    assert [(a["file_id"], a["filename"], a["download_url"]) for a in note["attachments"]] == [
        (file_id, "Skuldplan.pdf", download_url)
    ]
    assert event.data["case"]["flags"]["has_notes"] is True  # the note icon of the inbox view
    assert [(c["field"], c["old"], c["new"]) for c in event.data["changes"]] == [
        ("note", None, "Anteckning av Bengt Berg")
    ]
    assert "skuldsanering" not in event.model_dump_json()

    page = await api.get(f"/api/cases/{case['id']}/notes")
    assert page.headers["etag"] == added.headers["etag"]
    body = page.json()
    assert (body["total"], body["version"]) == (1, case["version"] + 1)
    assert body["notes"] == [note]
    assert (await api.get(download_url)).content == PDF

    async def logged() -> list[dict[str, Any]]:
        entries: list[dict[str, Any]] = (
            await api.get(f"/api/cases/{case['id']}/event-log", params={"type": "note"})
        ).json()["entries"]
        return entries

    entry = (await eventually(logged, what="the note in the event log"))[0]
    assert (entry["type_label"], entry["field_label"], entry["new"]) == (
        "Anteckning",
        "Anteckning",
        "Anteckning av Bengt Berg",
    )

    # The same file cannot be attached again, neither to another note nor to a deed.
    again = await add(api, case["id"], case["version"] + 1, "Igen", file_id)
    assert (again.status_code, problem_fields(again)) == (409, {"attachment_ids"})
    deed = await api.post(
        f"/api/cases/{case['id']}/deeds",
        json={"kind": "phone_call", "body": "Ringde", "attachment_ids": [file_id]},
        headers=if_match(case["version"] + 1),
    )
    assert (deed.status_code, problem_fields(deed)) == (409, {"attachment_ids"})


async def test_bad_input_missing_and_stale_versions_are_refused_and_nothing_is_stored(
    api: httpx.AsyncClient, new_case: NewCase
) -> None:
    case = await new_case(title="Gatlykta")
    url = f"/api/cases/{case['id']}/notes"
    version = case["version"]
    refusals = [
        ({"text": "   \n "}, "text"),
        ({"text": "x" * 20_001}, "text"),
        ({"text": "Hej", "attachment_ids": ["finns-inte"]}, "attachment_ids"),
        ({"text": "Hej", "secret": True}, "secret"),
        ({"text": 17}, "text"),
    ]
    for body, field in refusals:
        refused = await api.post(url, json=body, headers=if_match(version))
        assert refused.status_code == 422, (body, refused.text)
        assert problem_fields(refused) == {field}, body
    missing = await api.post(url, json={"text": "Hej"})
    assert (missing.status_code, problem_fields(missing)) == (428, {"If-Match"})
    assert (await add(api, case["id"], version, "Hej")).status_code == 201
    stale = await add(api, case["id"], version, "Hej igen")
    assert (stale.status_code, problem_fields(stale)) == (412, {"If-Match"})
    assert await listed(api, case["id"]) == ["Hej"]

    bad_dates = await api.get(url, params={"from": "2026-12-01", "to": "2026-11-01"})
    assert (bad_dates.status_code, problem_fields(bad_dates)) == (422, {"from"})
    not_a_date = await api.get(url, params={"from": "igår"})
    assert (not_a_date.status_code, problem_fields(not_a_date)) == (422, {"query.from"})
    assert (await api.get("/api/cases/finns-inte/notes")).status_code == 404
    unknown = await api.delete(f"{url}/finns-inte", headers=if_match(version + 1))
    assert unknown.status_code == 404
    assert (await api.delete(f"{url}/finns-inte")).status_code == 428


async def test_notes_are_filtered_by_text_author_and_dates(
    api: httpx.AsyncClient, new_case: NewCase, as_user: AsUser
) -> None:
    case = await new_case(title="Gatlykta")
    asa = as_user("u-asa", "Åsa Öberg")
    first = await add(api, case["id"], case["version"], "Kunden ÅTERKOMMER om gatlyktan")
    second = await add(api, case["id"], first.headers["etag"], "Ring tillbaka i morgon", **asa)
    assert second.status_code == 201, second.text
    third = await add(api, case["id"], second.headers["etag"], "Lyktan är lagad")
    assert third.status_code == 201, third.text

    newest_first = ["Lyktan är lagad", "Ring tillbaka i morgon", "Kunden ÅTERKOMMER om gatlyktan"]
    assert await listed(api, case["id"]) == newest_first
    assert await listed(api, case["id"], order="asc") == newest_first[::-1]
    assert await listed(api, case["id"], q="återkommer") == ["Kunden ÅTERKOMMER om gatlyktan"]
    assert await listed(api, case["id"], q="LAGAD") == ["Lyktan är lagad"]
    assert await listed(api, case["id"], q="öberg") == ["Ring tillbaka i morgon"]
    assert await listed(api, case["id"], q="lyktan") == ["Lyktan är lagad", "Kunden ÅTERKOMMER om gatlyktan"]
    assert await listed(api, case["id"], author_id="u-asa") == ["Ring tillbaka i morgon"]
    assert await listed(api, case["id"], author_id="u-bengt", q="lyktan", order="asc") == [
        "Kunden ÅTERKOMMER om gatlyktan",
        "Lyktan är lagad",
    ]
    today = datetime.now(STOCKHOLM).date()
    assert len(await listed(api, case["id"], **{"from": today.isoformat(), "to": today.isoformat()})) == 3
    assert await listed(api, case["id"], **{"from": (today + timedelta(days=1)).isoformat()}) == []
    assert await listed(api, case["id"], to=(today - timedelta(days=1)).isoformat()) == []

    page = (await api.get(f"/api/cases/{case['id']}/notes", params={"q": "morgon"})).json()
    assert page["total"] == 3  # the case's notes, whatever the filter
    assert [(n["author_name"], n["may_delete"]) for n in page["notes"]] == [("Åsa Öberg", False)]


async def test_only_the_author_or_the_case_officer_deletes_a_note_and_its_files_are_purged(
    api: httpx.AsyncClient, new_case: NewCase, as_user: AsUser, rabbitmq_url: str
) -> None:
    case = await new_case(title="Gatlykta")
    sara = as_user("u-sara", "Sara Ek")
    olle = as_user("u-olle", "Olle Lind")
    plan = await upload(api, case["id"], "plan.pdf", PDF, "application/pdf")
    photo = await upload(api, case["id"], "foto.png", PNG, "image/png")
    kept = await upload(api, case["id"], "behålls.pdf", PDF, "application/pdf")
    first = await add(api, case["id"], case["version"], "Med bilagor", plan, photo)
    second = await add(api, case["id"], first.headers["etag"], "Utan bilagor")
    assert second.status_code == 201, second.text
    version = int(second.headers["etag"].strip('"'))
    note_url = f"/api/cases/{case['id']}/notes/{first.json()['id']}"

    refused = await api.delete(note_url, headers={**if_match(version), **sara})
    assert refused.status_code == 403
    assert "Bengt Berg" in refused.json()["detail"]
    assert len(await listed(api, case["id"])) == 2
    stale = await api.delete(note_url, headers=if_match(version - 1))
    assert stale.status_code == 412

    async with EventProbe(rabbitmq_url, ["case.updated.v1"]) as probe:
        deleted = await api.delete(note_url, headers=if_match(version))
        assert deleted.status_code == 200, deleted.text
        event = await probe.wait_for(
            "case.updated.v1", subject=case["id"], where=lambda e: e.data["case"]["version"] == version + 1
        )
    assert deleted.headers["etag"] == f'"{version + 1}"'
    assert [n["text"] for n in deleted.json()["notes"]] == ["Utan bilagor"]
    assert [(c["field"], c["old"], c["new"]) for c in event.data["changes"]] == [
        ("note", "Anteckning av Bengt Berg", None)
    ]
    assert event.data["case"]["flags"]["has_notes"] is True  # one note is left

    # Gone at once for officers, before the purge has run.
    for file_id in (plan, photo):
        assert (await api.get(f"/api/cases/{case['id']}/attachments/{file_id}")).status_code == 404
    attachments = (await api.get(f"/api/cases/{case['id']}/attachments")).json()["attachments"]
    assert [a["file_id"] for a in attachments] == [kept]
    reused = await add(api, case["id"], version + 1, "Återanvänd", plan)
    assert (reused.status_code, problem_fields(reused)) == (422, {"attachment_ids"})

    async def both_purged() -> bool:
        return await purged(api, plan) and await purged(api, photo)

    await eventually(both_purged, what="the deleted note's files removed from GridFS")
    assert not await purged(api, kept)
    assert (await api.get(f"/api/cases/{case['id']}/attachments/{kept}")).content == PDF

    # The case's officer may delete anyone's note; the last one gone turns the note icon off.
    assigned = await api.put(
        f"/api/cases/{case['id']}/officer", json={"officer_id": "u-olle"}, headers={**if_match(version + 1), **olle}
    )
    assert assigned.status_code == 200, assigned.text
    last = (await api.get(f"/api/cases/{case['id']}/notes", headers=olle)).json()
    assert [n["may_delete"] for n in last["notes"]] == [True]
    async with EventProbe(rabbitmq_url, ["case.updated.v1"]) as probe:
        by_officer = await api.delete(
            f"/api/cases/{case['id']}/notes/{last['notes'][0]['id']}", headers={**if_match(last["version"]), **olle}
        )
        assert by_officer.status_code == 200, by_officer.text
        cleared = await probe.wait_for(
            "case.updated.v1", subject=case["id"], where=lambda e: e.data["case"]["version"] == last["version"] + 1
        )
    assert cleared.data["case"]["flags"]["has_notes"] is False
    assert by_officer.json()["notes"] == []


async def test_notes_deleted_on_closing_have_their_files_purged_after_the_closing_write(
    api: httpx.AsyncClient, new_case: NewCase, rabbitmq_url: str
) -> None:
    case = await new_case(title="Gatlykta")
    plan = await upload(api, case["id"], "plan.pdf", PDF, "application/pdf")
    photo = await upload(api, case["id"], "foto.png", PNG, "image/png")
    first = await add(api, case["id"], case["version"], "Ett", plan)
    second = await add(api, case["id"], first.headers["etag"], "Två", photo)
    assert second.status_code == 201, second.text

    # What closing does: every note deleted within the closing write, which carries their change.
    context = api.app.state.context  # type: ignore[attr-defined]
    stored = await context.cases.get(case["id"])
    emptied, changes = delete_all_notes(stored)
    closed = emptied.model_copy(update={"version": emptied.next_version()})
    async with EventProbe(rabbitmq_url, ["case.updated.v1"]) as probe:
        await store_change(cases=context.cases, events=context.events, changed=closed, changes=changes, actor="u-bengt")
        event = await probe.wait_for(
            "case.updated.v1", subject=case["id"], where=lambda e: e.data["case"]["version"] == closed.version
        )
    assert [c["field"] for c in event.data["changes"]] == ["notes"]
    assert event.data["case"]["flags"]["has_notes"] is False
    assert await listed(api, case["id"]) == []
    assert (await api.get(f"/api/cases/{case['id']}/attachments")).json()["attachments"] == []

    async def both_purged() -> bool:
        return await purged(api, plan) and await purged(api, photo)

    await eventually(both_purged, what="the closed case's note files removed from GridFS")
    # A repeated or late purge finds nothing left to remove.
    assert await purge_discarded_files(cases=context.cases, attachments=context.attachments, case_id=case["id"]) == 0
