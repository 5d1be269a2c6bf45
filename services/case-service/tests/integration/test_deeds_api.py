"""Deeds and attachments (CASE-22): register by hand, upload (size limit, allow-list, sniffing),
download, and the document viewer, over the in-process API with a real MongoDB-wire server
(attachments in GridFS) and RabbitMQ."""

import hashlib
import os
from datetime import datetime
from typing import Any
from urllib.parse import quote

import httpx
import pytest

from arendo_kit.testing.events import EventProbe
from arendo_kit.testing.fixture_types import NewCase, ReadCase
from arendo_kit.testing.http import if_match, problem_fields
from case_service.settings import Settings

pytestmark = pytest.mark.integration

LIMIT = 400_000  # bytes; more than one GridFS chunk (255 kB), so a round trip spans chunks
PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n" + os.urandom(300_000) + b"\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + os.urandom(64)
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + os.urandom(256)


@pytest.fixture
def settings(settings: Settings) -> Settings:
    """The case-service with a small attachment limit, so the refusal is cheap to provoke."""
    return settings.model_copy(update={"attachment_max_bytes": LIMIT})


async def upload(
    api: httpx.AsyncClient, case: dict[str, Any], name: str, content: bytes, content_type: str, **headers: str
) -> httpx.Response:
    return await api.post(
        f"/api/cases/{case['id']}/attachments", files={"file": (name, content, content_type)}, headers=headers
    )


async def test_an_attachment_round_trips_through_gridfs_and_a_deed_carries_it(
    api: httpx.AsyncClient, new_case: NewCase, read_case: ReadCase, rabbitmq_url: str
) -> None:
    case = await new_case(title="Gatlykta")
    stored = await upload(api, case, "Åtgärdsplan för Storgatan.pdf", PDF, "application/pdf")
    assert stored.status_code == 201, stored.text
    record = stored.json()
    assert (record["filename"], record["content_type"], record["size"]) == (
        "Åtgärdsplan för Storgatan.pdf",
        "application/pdf",
        len(PDF),
    )
    assert record["sha256"] == hashlib.sha256(PDF).hexdigest()
    assert record["uploaded_by"] == "u-bengt"
    assert stored.headers["location"] == record["download_url"]

    download = await api.get(record["download_url"])
    assert download.status_code == 200
    assert download.content == PDF
    assert download.headers["content-type"] == "application/pdf"
    assert download.headers["x-content-type-options"] == "nosniff"
    disposition = download.headers["content-disposition"]
    assert disposition.startswith('attachment; filename="_tg_rdsplan f_r Storgatan.pdf"')
    assert f"filename*=UTF-8''{quote('Åtgärdsplan för Storgatan.pdf', safe='')}" in disposition
    listed = (await api.get(f"/api/cases/{case['id']}/attachments")).json()["attachments"]
    assert [a["file_id"] for a in listed] == [record["file_id"]]
    assert (await read_case(case))["version"] == case["version"]  # an upload alone changes no case

    image = (await upload(api, case, "foto.png", PNG, "image/png")).json()
    body = {
        "kind": "phone_call",
        "body": "Ringde kunden om lyktan.",
        "attachment_ids": [record["file_id"], image["file_id"]],
    }
    url = f"/api/cases/{case['id']}/deeds"
    assert (await api.post(url, json=body)).status_code == 428
    async with EventProbe(rabbitmq_url, ["case.updated.v1"]) as probe:
        registered = await api.post(url, json=body, headers=if_match(case))
        assert registered.status_code == 201, registered.text
        event = await probe.wait_for("case.updated.v1", subject=case["id"])
    deed = registered.json()
    assert registered.headers["etag"] == f'"{case["version"] + 1}"'
    assert (deed["kind"], deed["kind_label"], deed["direction"], deed["title"]) == (
        "phone_call",
        "Telefonsamtal",
        "out",
        "Telefonsamtal",
    )
    assert (deed["author_id"], deed["author_name"], deed["visible_to_customer"]) == ("u-bengt", "Bengt Berg", False)
    assert [(a["file_id"], a["filename"], a["size"]) for a in deed["attachments"]] == [
        (record["file_id"], record["filename"], len(PDF)),
        (image["file_id"], "foto.png", len(PNG)),
    ]
    assert [(c["field"], c["new"]) for c in event.data["changes"]] == [("deed", "Telefonsamtal: Telefonsamtal")]

    again = await api.post(
        url,
        json={"kind": "service_note", "body": "x", "attachment_ids": [image["file_id"]]},
        headers={"If-Match": registered.headers["etag"]},
    )
    assert (again.status_code, problem_fields(again)) == (409, {"attachment_ids"})


async def test_too_large_and_disallowed_files_are_refused_and_nothing_is_stored(
    api: httpx.AsyncClient, new_case: NewCase
) -> None:
    case = await new_case(title="Gatlykta")
    too_large = await upload(api, case, "stor.pdf", PDF + b"x" * LIMIT, "application/pdf")
    assert too_large.status_code == 413
    assert problem_fields(too_large) == {"file"}
    assert "högst 391 kB" in too_large.json()["detail"]
    refusals = [
        ("faktura.pdf", EXE, "application/pdf"),  # a program renamed to .pdf
        ("faktura.exe", EXE, "application/octet-stream"),
        ("faktura.exe", PDF, "application/pdf"),
        ("sida.html", b"<html><script>alert(1)</script></html>", "text/html"),
        ("bild.png", PDF, "image/png"),
        ("tom.txt", b"", "text/plain"),
    ]
    for name, content, content_type in refusals:
        refused = await upload(api, case, name, content, content_type)
        assert refused.status_code == 422, (name, refused.text)
        assert problem_fields(refused) == {"file"}, name
    missing = await api.post(f"/api/cases/{case['id']}/attachments", data={"note": "ingen fil"})
    assert missing.status_code == 422
    assert problem_fields(missing) == {"file"}
    assert (await api.get(f"/api/cases/{case['id']}/attachments")).json()["attachments"] == []
    assert (await upload(api, {"id": "finns-inte"}, "a.pdf", PDF, "application/pdf")).status_code == 404


async def test_deeds_refused_for_bad_input_name_the_field_and_change_nothing(
    api: httpx.AsyncClient, new_case: NewCase, read_case: ReadCase
) -> None:
    case = await new_case(title="Gatlykta")
    other = await new_case(title="Annat")
    elsewhere = (await upload(api, other, "annat.pdf", PDF, "application/pdf")).json()
    url = f"/api/cases/{case['id']}/deeds"
    bad = [
        ({"kind": "incoming_email", "body": "x"}, "kind"),
        ({"kind": "letter", "body": "x"}, "kind"),
        ({"kind": "internal_service_note", "body": "x", "direction": "out"}, "direction"),
        ({"kind": "service_note", "body": "   "}, "body"),
        ({"kind": "service_note", "body": "x", "attachment_ids": [elsewhere["file_id"]]}, "attachment_ids"),
        ({"kind": "service_note", "body": "x", "attachment_ids": ["finns-inte"]}, "attachment_ids"),
        ({"kind": "service_note", "body": "x", "secret": True}, "secret"),
    ]
    for body, field in bad:
        response = await api.post(url, json=body, headers=if_match(case))
        assert response.status_code == 422, (body, response.text)
        assert field in problem_fields(response), body
    assert (
        await api.post(url, json={"kind": "service_note", "body": "x"}, headers={"If-Match": '"9"'})
    ).status_code == 412
    assert (await read_case(case))["deeds"] == []
    # Another case's attachment cannot be fetched through this case.
    assert (await api.get(f"/api/cases/{case['id']}/attachments/{elsewhere['file_id']}")).status_code == 404
    assert (await api.get(f"/api/cases/{case['id']}/attachments/finns-inte")).status_code == 404


async def test_the_document_viewer_lists_deeds_by_time_newest_first_on_request(
    api: httpx.AsyncClient, new_case: NewCase, read_case: ReadCase
) -> None:
    case = await new_case(title="Gatlykta")
    url = f"/api/cases/{case['id']}/deeds"
    version = if_match(case)
    for body in (
        {"kind": "phone_call", "body": "Kunden ringde", "direction": "in"},
        {"kind": "internal_service_note", "title": "Till kollegorna", "body": "Kolla lyktan"},
        {"kind": "service_note", "body": "Lyktan lagas vecka 49."},
    ):
        response = await api.post(url, json=body, headers=version)
        assert response.status_code == 201, response.text
        version = {"If-Match": response.headers["etag"]}
    viewer = f"/api/cases/{case['id']}/documents"
    oldest = (await api.get(viewer)).json()
    assert oldest["number"] == case["number"]
    assert [(d["kind"], d["direction"], d["visible_to_customer"]) for d in oldest["documents"]] == [
        ("phone_call", "in", False),
        ("internal_service_note", "internal", False),
        ("service_note", "out", True),
    ]
    times = [datetime.fromisoformat(d["at"]) for d in oldest["documents"]]
    assert times == sorted(times)
    newest = (await api.get(viewer, params={"order": "desc"})).json()
    assert [d["kind"] for d in newest["documents"]] == ["service_note", "internal_service_note", "phone_call"]
    only = (await api.get(viewer, params={"kind": ["phone_call", "service_note"]})).json()
    assert [d["kind"] for d in only["documents"]] == ["phone_call", "service_note"]
    assert (await api.get(viewer, params={"order": "sideways"})).status_code == 422
    assert (await api.get("/api/cases/finns-inte/documents")).status_code == 404
    # The same deeds on the card, oldest first.
    assert [d["title"] for d in (await read_case(case))["deeds"]] == [
        "Telefonsamtal",
        "Till kollegorna",
        "Tjänsteanteckning",
    ]
