"""Copy, cut and paste (CASE-29) over the in-process API, with a real MongoDB-wire server (the
attachments in GridFS) and RabbitMQ."""

import os
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
from pymongo.asynchronous.database import AsyncDatabase

from arendo_contracts.events.inbox import DiaryPlanEntry
from arendo_kit.errors import ConcurrencyConflict
from arendo_kit.mongo import Document
from arendo_kit.testing.events import EventProbe
from arendo_kit.testing.fixture_types import AsUser, NewCase, NewInbox, NewUser, ReadCase
from arendo_kit.testing.http import if_match, problem_fields
from case_service.domain.clipboard import ClipboardMode, emptied, put_on_clipboard
from case_service.store.clipboard import ClipboardRepository

pytestmark = pytest.mark.integration

CLIPBOARD = "/api/cases/clipboard"
PASTE = f"{CLIPBOARD}/paste"
# Larger than a GridFS chunk (255 kB), so the copy streams more than one.
PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n" + os.urandom(400_000) + b"\n%%EOF\n"
SOURCE_PLAN = (DiaryPlanEntry(case_type="Gator och trafik"), DiaryPlanEntry(case_type="Parkering"))
TARGET_PLAN = (DiaryPlanEntry(case_type="Parkering"),)


@pytest.fixture
def my_case(api: httpx.AsyncClient, new_case: NewCase) -> NewCase:
    """`new_case`, with the caller (Bengt) as the case's officer ("Tilldela mig")."""

    async def assigned_to_me(inbox_id: str | None = None, title: str | None = None, **fields: Any) -> dict[str, Any]:
        case = await new_case(inbox_id, title, **fields)
        assigned = await api.put(
            f"/api/cases/{case['id']}/officer", json={"officer_id": "u-bengt"}, headers=if_match(case)
        )
        assert assigned.status_code == 200, assigned.text
        body: dict[str, Any] = assigned.json()
        return body

    return assigned_to_me


async def clipboard(api: httpx.AsyncClient, **headers: str) -> dict[str, Any]:
    response = await api.get(CLIPBOARD, headers=headers)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def listed(board: dict[str, Any]) -> tuple[str | None, list[str]]:
    return board["mode"], [c["case_id"] for c in board["cases"]]


# --- copy -------------------------------------------------------------------------------------------


async def test_a_copy_pasted_whole_carries_deeds_and_files_and_is_related_to_the_original(
    api: httpx.AsyncClient,
    new_inbox: NewInbox,
    new_case: NewCase,
    read_case: ReadCase,
    new_user: NewUser,
    rabbitmq_url: str,
) -> None:
    source = await new_inbox(diary_plan=SOURCE_PLAN)
    target = await new_inbox(diary_plan=TARGET_PLAN)
    await new_user("u-bengt", "Bengt Berg", source, target)
    original = await new_case(
        source, "Trasig gatlykta", description="Lyktan vid Storgatan 3 lyser inte", priority="urgent"
    )
    typed = await api.put(
        f"/api/cases/{original['id']}/case-types",
        json={"case_types": [{"case_type": "Gator och trafik"}, {"case_type": "Parkering"}]},
        headers=if_match(original),
    )
    assert typed.status_code == 200, typed.text
    upload = await api.post(
        f"/api/cases/{original['id']}/attachments", files={"file": ("karta.pdf", PDF, "application/pdf")}
    )
    assert upload.status_code == 201, upload.text
    file = upload.json()
    deed = await api.post(
        f"/api/cases/{original['id']}/deeds",
        json={"kind": "phone_call", "direction": "in", "body": "Kunden ringde.", "attachment_ids": [file["file_id"]]},
        headers={"If-Match": typed.headers["etag"]},
    )
    assert deed.status_code == 201, deed.text
    original = await read_case(original["id"])
    assert [d["body"] for d in original["deeds"]] == ["Kunden ringde."]

    put = await api.put(CLIPBOARD, json={"mode": "copy", "case_ids": [original["id"]]})
    assert put.status_code == 200, put.text
    assert put.headers["etag"] == '"1"'
    board = put.json()
    assert listed(board) == ("copy", [original["id"]])
    assert (board["mode_label"], board["cases"][0]["number"], board["cases"][0]["inbox_id"]) == (
        "Kopierade",
        original["number"],
        source,
    )

    async with EventProbe(rabbitmq_url, ["case.created.v1", "case.updated.v1"]) as probe:
        pasted = await api.post(PASTE, json={"inbox_id": target})
        assert pasted.status_code == 200, pasted.text
        report = pasted.json()
        [result] = report["results"]
        created = await probe.wait_for("case.created.v1", subject=result["new_case_id"])
        indexed = await probe.wait_for("case.updated.v1", subject=original["id"])
    assert (report["mode"], report["content"], report["inbox_id"]) == ("copy", "whole", target)
    assert (result["case_id"], result["outcome"], result["number"]) == (original["id"], "copied", original["number"])
    assert result["new_number"] not in (None, original["number"])
    assert result["dropped_case_types"] == ["Gator och trafik"]
    assert created.data["case"]["inbox_id"] == target
    assert [(c["field"], c["new"]) for c in indexed.data["changes"]] == [("sub_case", result["new_number"])]
    assert listed(report["clipboard"]) == ("copy", [original["id"]])  # a copy can be pasted again

    copy = await read_case(result["new_case_id"])
    assert (copy["number"], copy["inbox_id"], copy["status"], copy["officer_id"]) == (
        result["new_number"],
        target,
        "new",
        None,
    )
    assert (copy["title"], copy["description"], copy["priority"]) == (
        "Trasig gatlykta",
        "Lyktan vid Storgatan 3 lyser inte",
        "urgent",
    )
    assert [t["case_type"] for t in copy["case_types"]] == ["Parkering"]
    assert copy["main_case"]["case_id"] == original["id"]
    [copied_deed] = copy["deeds"]
    assert copied_deed["id"] != original["deeds"][0]["id"]
    assert (copied_deed["kind"], copied_deed["direction"], copied_deed["body"], copied_deed["author_id"]) == (
        "phone_call",
        "in",
        "Kunden ringde.",
        "u-bengt",
    )
    [copied_file] = copied_deed["attachments"]
    assert copied_file["file_id"] != file["file_id"]
    download = await api.get(f"/api/cases/{copy['id']}/attachments/{copied_file['file_id']}")
    assert download.status_code == 200
    assert download.content == PDF
    listed_files = (await api.get(f"/api/cases/{copy['id']}/attachments")).json()["attachments"]
    assert [(f["file_id"], f["sha256"]) for f in listed_files] == [(copied_file["file_id"], file["sha256"])]
    assert (await api.get(f"/api/cases/{original['id']}/attachments/{copied_file['file_id']}")).status_code == 404
    assert (await api.get(file["download_url"])).content == PDF  # the original keeps its own

    from_copy = (await api.get(f"/api/cases/{copy['id']}/relations")).json()["related"]
    assert [(r["case_id"], r["role"], r["relation_description"]) for r in from_copy] == [
        (original["id"], "main", f"Kopia av {original['number']}")
    ]
    from_original = (await api.get(f"/api/cases/{original['id']}/relations")).json()["related"]
    assert [(r["case_id"], r["role"]) for r in from_original] == [(copy["id"], "sub")]

    # Metadata only, pasted again from the same clipboard: a third case, without deeds.
    again = await api.post(PASTE, json={"inbox_id": target, "content": "metadata"})
    assert again.status_code == 200, again.text
    [second] = again.json()["results"]
    assert second["outcome"] == "copied"
    assert second["new_number"] not in (original["number"], copy["number"])
    metadata_copy = await read_case(second["new_case_id"])
    assert metadata_copy["deeds"] == []
    assert metadata_copy["title"] == "Trasig gatlykta"
    assert (await api.get(f"/api/cases/{metadata_copy['id']}/attachments")).json()["attachments"] == []

    async def both_listed() -> bool:
        related = (await api.get(f"/api/cases/{original['id']}/relations")).json()["related"]
        return {r["case_id"] for r in related} == {copy["id"], metadata_copy["id"]}

    assert await both_listed()
    assert len((await read_case(original["id"]))["deeds"]) == 1  # the original is unchanged otherwise


# --- cut -----------------------------------------------------------------------------------------------


async def test_cut_cases_move_with_their_officer_and_the_clipboard_is_emptied(
    api: httpx.AsyncClient,
    new_inbox: NewInbox,
    new_case: NewCase,
    my_case: NewCase,
    read_case: ReadCase,
    new_user: NewUser,
    as_user: AsUser,
    rabbitmq_url: str,
) -> None:
    source = await new_inbox()
    target = await new_inbox()
    await new_user("u-bengt", "Bengt Berg", source, target)
    await new_user("u-carl", "Carl Claesson", source, target)
    carl = as_user("u-carl", "Carl Claesson")
    first = await my_case(source, "Gatlykta")
    second = await my_case(source, "Parkeringsskylt")
    locked = await my_case(source, "Snöröjning")
    nobodys = await new_case(source, "Bygglov")

    copied = await api.put(CLIPBOARD, json={"mode": "copy", "case_ids": [nobodys["id"]]})
    assert copied.status_code == 200
    refused = await api.put(CLIPBOARD, json={"mode": "cut", "case_ids": [first["id"], nobodys["id"]]})
    assert refused.status_code == 403, refused.text
    assert problem_fields(refused) == {"case_ids"}
    assert nobodys["number"] in refused.json()["detail"]
    assert first["number"] not in refused.json()["detail"]
    assert listed(await clipboard(api)) == ("copy", [nobodys["id"]])  # unchanged

    ids = [first["id"], second["id"], locked["id"]]
    cut = await api.put(CLIPBOARD, json={"mode": "cut", "case_ids": ids})
    assert cut.status_code == 200, cut.text
    assert listed(cut.json()) == ("cut", ids)
    assert (await api.post(f"/api/cases/{locked['id']}/lock", headers=carl)).status_code == 200
    wrong = await api.post(PASTE, json={"inbox_id": target, "content": "metadata"})
    assert wrong.status_code == 422
    assert problem_fields(wrong) == {"content"}

    async with EventProbe(rabbitmq_url, ["case.updated.v1"]) as probe:
        pasted = await api.post(PASTE, json={"inbox_id": target})
        assert pasted.status_code == 200, pasted.text
        moved = await probe.wait_for("case.updated.v1", subject=first["id"])
    report = pasted.json()
    assert report["content"] is None
    assert [(r["case_id"], r["outcome"], r["reason"]) for r in report["results"]] == [
        (first["id"], "moved", None),
        (second["id"], "moved", None),
        (locked["id"], "refused", "locked"),
    ]
    assert "Carl Claesson" in report["results"][2]["detail"]
    assert [(c["field"], c["old"], c["new"]) for c in moved.data["changes"]] == [("inbox_id", source, target)]
    assert moved.data["case"]["officer_id"] == "u-bengt"
    assert listed(report["clipboard"]) == (None, [])
    assert listed(await clipboard(api)) == (None, [])

    for case in (first, second):
        now = await read_case(case["id"])
        assert (now["inbox_id"], now["officer_id"], now["status"]) == (target, "u-bengt", case["status"])
        assert now["deeds"] == case["deeds"]  # no distribution note
        assert now["version"] == case["version"] + 1
    assert (await read_case(locked["id"]))["inbox_id"] == source

    empty = await api.post(PASTE, json={"inbox_id": target})
    assert empty.status_code == 409
    assert problem_fields(empty) == {"clipboard"}


async def test_a_case_cut_but_given_to_another_officer_meanwhile_is_not_moved(
    api: httpx.AsyncClient, new_inbox: NewInbox, my_case: NewCase, read_case: ReadCase, new_user: NewUser
) -> None:
    source = await new_inbox()
    target = await new_inbox()
    await new_user("u-bengt", "Bengt Berg", source, target)
    await new_user("u-carl", "Carl Claesson", source, target)
    case = await my_case(source, "Gatlykta")
    there = await my_case(target, "Redan här")
    assert (await api.put(CLIPBOARD, json={"mode": "cut", "case_ids": [case["id"], there["id"]]})).status_code == 200
    given = await api.put(f"/api/cases/{case['id']}/officer", json={"officer_id": "u-carl"}, headers=if_match(case))
    assert given.status_code == 200, given.text

    pasted = (await api.post(PASTE, json={"inbox_id": target})).json()
    assert [(r["outcome"], r["reason"]) for r in pasted["results"]] == [
        ("refused", "officer_rule"),
        ("already_there", None),
    ]
    assert (await read_case(case["id"]))["inbox_id"] == source


# --- the clipboard is the caller's own; refusals -------------------------------------------------


async def test_the_clipboard_is_per_user_and_bad_input_is_refused_naming_the_field(
    api: httpx.AsyncClient,
    new_inbox: NewInbox,
    new_case: NewCase,
    new_user: NewUser,
    as_user: AsUser,
    mark_confidential: Callable[..., Awaitable[dict[str, Any]]],
) -> None:
    home = await new_inbox()
    elsewhere = await new_inbox()
    await new_user("u-bengt", "Bengt Berg", home)
    await new_user("u-sara", "Sara Svensson", home, elsewhere, confidential_inbox_ids=(home,))
    sara = as_user("u-sara", "Sara Svensson")
    case = await new_case(home, "Gatlykta")
    assert (await api.put(CLIPBOARD, json={"mode": "copy", "case_ids": [case["id"]]})).status_code == 200
    assert listed(await clipboard(api, **sara)) == (None, [])
    assert (await api.delete(CLIPBOARD, headers=sara)).status_code == 200
    assert listed(await clipboard(api)) == ("copy", [case["id"]])  # Sara's emptying is hers alone

    for body, field in (
        ({"mode": "copy", "case_ids": []}, "case_ids"),
        ({"mode": "move", "case_ids": [case["id"]]}, "mode"),
        ({"mode": "copy", "case_ids": [case["id"], case["id"]]}, "case_ids"),
        ({"mode": "copy", "case_ids": ["finns-inte"]}, "case_ids"),
        ({"mode": "copy"}, "case_ids"),
        ({"mode": "copy", "case_ids": [case["id"]], "extra": 1}, "extra"),
    ):
        response = await api.put(CLIPBOARD, json=body)
        assert response.status_code == 422, (body, response.text)
        assert problem_fields(response) == {field}, body
    unknown = await api.post(PASTE, json={"inbox_id": home, "content": "allt"})
    assert (unknown.status_code, problem_fields(unknown)) == (422, {"content"})

    # A confidential case is one Bengt cannot see: refused as if it did not exist, nothing stored.
    secret = await mark_confidential(await new_case(home, "Hemligt"), **sara)
    hidden = await api.put(CLIPBOARD, json={"mode": "copy", "case_ids": [case["id"], secret["id"]]})
    assert (hidden.status_code, problem_fields(hidden)) == (422, {"case_ids"})
    assert secret["id"] in hidden.json()["detail"]
    assert listed(await clipboard(api)) == ("copy", [case["id"]])

    # Pasting: only into an existing, active inbox the caller is a member of.
    not_member = await api.post(PASTE, json={"inbox_id": elsewhere})
    assert (not_member.status_code, problem_fields(not_member)) == (403, {"inbox_id"})
    missing = await api.post(PASTE, json={"inbox_id": "finns-inte"})
    assert (missing.status_code, problem_fields(missing)) == (422, {"inbox_id"})
    assert (await api.post(PASTE, json={"inbox_id": home, "extra": True})).status_code == 422

    # Sara may read the confidential case and paste it into her other inbox: the copy stays confidential.
    assert (
        await api.put(CLIPBOARD, json={"mode": "copy", "case_ids": [secret["id"]]}, headers=sara)
    ).status_code == 200
    [result] = (await api.post(PASTE, json={"inbox_id": elsewhere}, headers=sara)).json()["results"]
    assert result["outcome"] == "copied"
    assert (await api.get(f"/api/cases/{result['new_case_id']}")).status_code == 404
    cleared = await api.delete(CLIPBOARD, headers=sara)
    assert listed(cleared.json()) == (None, [])
    assert listed(await clipboard(api)) == ("copy", [case["id"]])


# --- store conformance ---------------------------------------------------------------------------------


async def test_the_clipboard_store_writes_whole_under_a_version_check(mongo_db: AsyncDatabase[Document]) -> None:
    store = ClipboardRepository(mongo_db)
    empty = await store.of("u-anna")
    assert (empty.version, empty.is_empty) == (0, True)
    at = datetime(2026, 11, 28, 9, 0, tzinfo=UTC)
    first = put_on_clipboard(empty, mode=ClipboardMode.CUT, case_ids=("c-1", "c-2"), now=at)
    await store.store(first)
    with pytest.raises(ConcurrencyConflict):  # a second window that read the clipboard before the first wrote
        await store.store(put_on_clipboard(empty, mode=ClipboardMode.COPY, case_ids=("c-3",), now=at))
    read = await store.of("u-anna")
    assert (read.version, read.mode, read.case_ids, read.at) == (1, ClipboardMode.CUT, ("c-1", "c-2"), at)
    cleared = emptied(read)
    assert cleared is not None
    await store.store(cleared)
    with pytest.raises(ConcurrencyConflict):
        await store.store(put_on_clipboard(read, mode=ClipboardMode.COPY, case_ids=("c-3",), now=at))
    doc = await mongo_db["clipboards"].find_one({"_id": "u-anna"})
    assert doc is not None
    assert (doc["version"], doc["case_ids"], "mode" in doc, "at" in doc) == (2, [], False, False)
    assert (await store.of("u-bertil")).version == 0
