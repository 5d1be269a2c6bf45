"""Deeds registered by hand, the document viewer and the checks on uploaded files (CASE-22), without I/O."""

from datetime import UTC, datetime, timedelta

import pytest

from arendo_kit.errors import Conflict, InvalidInput
from case_service.domain.case import AttachmentRef, Case, DeedDirection, DeedKind, register_case
from case_service.domain.deeds import check_upload, clean_filename, documents, register_manual_deed

pytestmark = pytest.mark.unit

NOW = datetime(2026, 11, 28, 10, 0, tzinfo=UTC)
PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00"
DOCX = b"PK\x03\x04\x14\x00\x06\x00"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00"
TEXT = "Hej! Jag undrar över gatlyktan på Storgatan.\r\n".encode()


def a_case() -> Case:
    return register_case(number="2026-000010", inbox_id="kundtjanst", registered_by="u-anna", now=NOW)


def register(case: Case, kind: DeedKind, **fields: object) -> tuple[Case, object]:
    values: dict[str, object] = dict(
        title=None, body="Ringde kunden", direction=None, attachments=(), by_id="u-bengt", by_name="Bengt Berg", now=NOW
    )
    values.update(fields)
    updated, deed, _ = register_manual_deed(case, kind=kind, **values)
    return updated, deed


def test_a_phone_call_log_is_outgoing_by_default_and_titled_by_its_kind() -> None:
    case, deed = register(a_case(), DeedKind.PHONE_CALL)
    assert case.deeds == (deed,)
    assert (deed.title, deed.direction, deed.visible_to_customer) == ("Telefonsamtal", DeedDirection.OUT, False)
    _, incoming = register(a_case(), DeedKind.PHONE_CALL, direction=DeedDirection.IN, title="Kunden ringde")
    assert (incoming.title, incoming.direction) == ("Kunden ringde", DeedDirection.IN)


def test_notes_have_their_fixed_direction_and_only_a_service_note_is_for_the_customer() -> None:
    _, internal = register(a_case(), DeedKind.INTERNAL_SERVICE_NOTE)
    _, official = register(a_case(), DeedKind.SERVICE_NOTE)
    assert (internal.direction, internal.visible_to_customer) == (DeedDirection.INTERNAL, False)
    assert (official.direction, official.visible_to_customer) == (DeedDirection.OUT, True)
    with pytest.raises(InvalidInput) as refused:
        register(a_case(), DeedKind.INTERNAL_SERVICE_NOTE, direction=DeedDirection.OUT)
    assert refused.value.field == "direction"


@pytest.mark.parametrize("kind", [DeedKind.INCOMING_EMAIL, DeedKind.REFERRAL, DeedKind.SMS])
def test_deeds_that_arrive_through_channels_are_not_registered_by_hand(kind: DeedKind) -> None:
    with pytest.raises(InvalidInput) as refused:
        register(a_case(), kind)
    assert refused.value.field == "kind"


def test_an_empty_deed_is_refused_and_an_attachment_belongs_to_one_deed() -> None:
    with pytest.raises(InvalidInput) as refused:
        register(a_case(), DeedKind.SERVICE_NOTE, body="  ")
    assert refused.value.field == "body"
    ref = AttachmentRef(file_id="f-1", filename="karta.pdf", content_type="application/pdf", size=10)
    case, deed = register(a_case(), DeedKind.SERVICE_NOTE, body="", attachments=(ref,))
    assert deed.attachments == (ref,)
    with pytest.raises(Conflict):
        register(case, DeedKind.PHONE_CALL, attachments=(ref,))
    with pytest.raises(InvalidInput):
        register(a_case(), DeedKind.PHONE_CALL, attachments=(ref, ref))


def test_the_document_viewer_lists_deeds_by_time_either_way() -> None:
    case = a_case()
    for minutes, kind in ((0, DeedKind.PHONE_CALL), (5, DeedKind.SERVICE_NOTE), (9, DeedKind.INTERNAL_SERVICE_NOTE)):
        case, _ = register(case, kind, now=NOW + timedelta(minutes=minutes))
    assert [d.at.minute for d in documents(case.deeds)] == [0, 5, 9]
    assert [d.at.minute for d in documents(reversed(case.deeds))] == [0, 5, 9]
    assert [d.at.minute for d in documents(case.deeds, newest_first=True)] == [9, 5, 0]
    assert [d.kind for d in documents(case.deeds, kinds=[DeedKind.SERVICE_NOTE])] == [DeedKind.SERVICE_NOTE]


@pytest.mark.parametrize(
    ("filename", "declared", "head", "stored_as"),
    [
        ("beslut.pdf", "application/pdf", PDF, "application/pdf"),
        ("foto.png", "image/png", PNG, "image/png"),
        ("foto.JPG", "image/jpeg", JPEG, "image/jpeg"),
        (
            "brev.docx",
            "application/octet-stream",
            DOCX,
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        ("notering.txt", "text/plain; charset=utf-8", TEXT, "text/plain"),
        ("lista.csv", "application/vnd.ms-excel", b"namn;adress\r\nAnna;Storgatan 1\r\n", "text/csv"),
        ("utan-typ.pdf", None, PDF, "application/pdf"),
    ],
)
def test_allowed_files_whose_bytes_match_their_type_are_accepted(
    filename: str, declared: str | None, head: bytes, stored_as: str
) -> None:
    assert check_upload(filename=filename, declared_type=declared, head=head) == stored_as


@pytest.mark.parametrize(
    ("filename", "declared", "head", "reason"),
    [
        ("faktura.pdf", "application/pdf", EXE, "program"),  # a renamed .exe
        ("faktura.exe", "application/pdf", PDF, ".exe"),
        ("program", "application/octet-stream", EXE, "program"),
        ("sida.html", "text/html", b"<html><script>", "inte tillåten"),
        ("skript.svg", "image/svg+xml", b"<svg onload=x>", "inte tillåten"),
        ("bild.png", "image/png", PDF, "stämmer inte"),
        ("dokument.pdf", "application/pdf", PNG, "stämmer inte"),
        ("foto.png", "application/pdf", PDF, "ändelse"),
        ("text.txt", "text/plain", b"abc\x00\x01\x02", "stämmer inte"),
        ("tom.pdf", "application/pdf", b"", "tom"),
        ("okand", None, PDF, "okänd"),
    ],
)
def test_other_files_are_refused_naming_the_field(
    filename: str, declared: str | None, head: bytes, reason: str
) -> None:
    with pytest.raises(InvalidInput, match=reason) as refused:
        check_upload(filename=filename, declared_type=declared, head=head)
    assert refused.value.field == "file"


def test_file_names_lose_paths_and_unsafe_characters() -> None:
    assert clean_filename("C:\\Users\\anna\\Beslut 2026.pdf") == "Beslut 2026.pdf"
    assert clean_filename("../../etc/passwd") == "passwd"
    assert clean_filename('a"b<c>.pdf') == "a_b_c_.pdf"
    assert clean_filename("Åtgärdsplan för gata.pdf") == "Åtgärdsplan för gata.pdf"
    assert clean_filename("x" * 300 + ".pdf").endswith(".pdf")
    assert len(clean_filename("x" * 300 + ".pdf")) == 200
    with pytest.raises(InvalidInput):
        clean_filename("  ")
