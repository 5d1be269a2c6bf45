"""Deeds (handlingar) and their attachments (CASE-22); no I/O.

Every deed has a kind, a direction, a time, an author, a body and attachments; the document
viewer (handlingsvisaren) lists them by time. Officers register phone call logs and service notes
by hand; e-mail, SMS, social posts, portal messages, e-service submissions and referrals arrive
through the channel-gateway and referral-service.

An uploaded file is accepted only when its declared content type is on the allow-list, its name
does not carry an executable extension, and its first bytes are what that type starts with, so
a program renamed to `.pdf` is refused.
"""

import mimetypes
import re
import unicodedata
import uuid
from collections.abc import Iterable, Sequence
from datetime import datetime

from pydantic import BaseModel, ConfigDict

from arendo_contracts.events.case import FieldChange
from arendo_kit.errors import Conflict, DomainError, InvalidInput
from case_service.domain.case import AttachmentRef, BodyFormat, Case, Deed, DeedDirection, DeedKind
from case_service.domain.rich_text import is_blank_html, sanitise_html

DEED_KIND_LABELS: dict[str, str] = {
    DeedKind.INCOMING_EMAIL: "Inkommande e-post",
    DeedKind.OUTGOING_EMAIL: "Utgående e-post",
    DeedKind.SMS: "SMS",
    DeedKind.PHONE_CALL: "Telefonsamtal",
    DeedKind.INTERNAL_SERVICE_NOTE: "Intern tjänsteanteckning",
    DeedKind.SERVICE_NOTE: "Tjänsteanteckning",
    DeedKind.REFERRAL: "Remiss",
    DeedKind.SOCIAL_POST: "Inlägg i sociala medier",
    DeedKind.PORTAL_MESSAGE: "Meddelande via Mina sidor",
    DeedKind.E_SERVICE_SUBMISSION: "E-tjänsteärende",
}
DIRECTION_LABELS: dict[str, str] = {
    DeedDirection.IN: "Inkommande",
    DeedDirection.OUT: "Utgående",
    DeedDirection.INTERNAL: "Intern",
}

# What an officer registers by hand, and in which directions.
MANUAL_KINDS: dict[DeedKind, tuple[DeedDirection, ...]] = {
    DeedKind.PHONE_CALL: (DeedDirection.OUT, DeedDirection.IN),
    DeedKind.INTERNAL_SERVICE_NOTE: (DeedDirection.INTERNAL,),
    DeedKind.SERVICE_NOTE: (DeedDirection.OUT,),
}
# A service note is official: the customer sees it on my pages (CASE-19).
VISIBLE_TO_CUSTOMER = frozenset({DeedKind.SERVICE_NOTE})
# Service notes are formatted text (CASE-18, CASE-19); a phone call log stays plain text.
FORMATTED_KINDS = frozenset({DeedKind.INTERNAL_SERVICE_NOTE, DeedKind.SERVICE_NOTE})
MAX_TITLE = 300
MAX_BODY = 100_000
MAX_ATTACHMENTS = 20


class AttachmentRecord(BaseModel):
    """An uploaded file of a case: the bytes live in GridFS under `id`, this says what they are."""

    model_config = ConfigDict(frozen=True)

    id: str
    case_id: str
    filename: str
    content_type: str
    size: int
    sha256: str
    uploaded_by: str
    uploaded_by_name: str
    uploaded_at: datetime

    def ref(self) -> AttachmentRef:
        return AttachmentRef(file_id=self.id, filename=self.filename, content_type=self.content_type, size=self.size)


class PayloadTooLarge(DomainError):
    status = 413
    title = "Content too large"
    type_slug = "too-large"


def register_manual_deed(
    case: Case,
    *,
    kind: DeedKind,
    title: str | None,
    body: str,
    direction: DeedDirection | None,
    attachments: Sequence[AttachmentRef],
    by_id: str,
    by_name: str,
    now: datetime,
    source_id: str | None = None,
) -> tuple[Case, Deed, list[FieldChange]]:
    """A phone call log, internal service note or service note written by the officer; a note's
    HTML is stored sanitised. `source_id` names what it was made from, such as a draft."""
    if kind not in MANUAL_KINDS:
        allowed = ", ".join(k.value for k in MANUAL_KINDS)
        raise InvalidInput(f"En handläggare registrerar bara dessa handlingar för hand: {allowed}", field="kind")
    directions = MANUAL_KINDS[kind]
    chosen = direction or directions[0]
    if chosen not in directions:
        raise InvalidInput(
            f"{DEED_KIND_LABELS[kind]} kan inte ha riktningen {DIRECTION_LABELS[chosen].lower()}", field="direction"
        )
    if len(body) > MAX_BODY:
        raise InvalidInput(f"Texten får vara högst {MAX_BODY} tecken", field="body")
    stored, body_format = deed_body(kind, body)
    if not stored and not attachments:
        raise InvalidInput("Skriv en text eller bifoga en fil", field="body")
    check_attachments_free(case, attachments)
    deed = Deed(
        id=str(uuid.uuid4()),
        kind=kind,
        title=" ".join((title or "").split())[:MAX_TITLE] or DEED_KIND_LABELS[kind],
        body=stored,
        body_format=body_format,
        author_id=by_id,
        author_name=by_name,
        at=now,
        visible_to_customer=kind in VISIBLE_TO_CUSTOMER,
        source_id=source_id,
        direction=chosen,
        attachments=tuple(attachments),
    )
    changes = [FieldChange(field="deed", old=None, new=f"{DEED_KIND_LABELS[kind]}: {deed.title}")]
    return case.model_copy(update={"deeds": (*case.deeds, deed), "version": case.next_version()}), deed, changes


def deed_body(kind: DeedKind, body: str) -> tuple[str, BodyFormat]:
    """What is stored as the body of a deed of this kind, and in which format: a note's HTML
    sanitised ("" when it shows no text), any other kind's plain text as written ("" when blank)."""
    if kind in FORMATTED_KINDS:
        clean = sanitise_html(body)
        return ("" if is_blank_html(clean) else clean), BodyFormat.HTML
    return (body if body.strip() else ""), BodyFormat.TEXT


def deed_with_source(case: Case, source_id: str) -> Deed | None:
    """The deed made from `source_id` (such as a draft), if one was registered already."""
    return next((deed for deed in case.deeds if deed.source_id == source_id), None)


def check_attachments_free(case: Case, attachments: Sequence[AttachmentRef]) -> None:
    """Each attachment belongs to one deed or internal note, once; a file whose note was deleted
    is gone for good (it waits only for its removal from storage)."""
    if len(attachments) > MAX_ATTACHMENTS:
        raise InvalidInput(f"En handling kan ha högst {MAX_ATTACHMENTS} bilagor", field="attachment_ids")
    ids = [a.file_id for a in attachments]
    if len(set(ids)) != len(ids):
        raise InvalidInput("Samma bilaga är angiven två gånger", field="attachment_ids")
    discarded = set(case.discarded_files)
    gone = [a.filename for a in attachments if a.file_id in discarded]
    if gone:
        raise InvalidInput(f"Bilagan {gone[0]} är raderad och kan inte bifogas", field="attachment_ids")
    used = {a.file_id for deed in case.deeds for a in deed.attachments}
    taken = [a.filename for a in attachments if a.file_id in used]
    if taken:
        raise Conflict(f"Bilagan {taken[0]} hör redan till en annan handling", field="attachment_ids")
    in_notes = {a.file_id for note in case.notes for a in note.attachments}
    noted = [a.filename for a in attachments if a.file_id in in_notes]
    if noted:
        raise Conflict(f"Bilagan {noted[0]} hör redan till en anteckning", field="attachment_ids")


def documents(deeds: Iterable[Deed], *, newest_first: bool = False, kinds: Iterable[DeedKind] = ()) -> list[Deed]:
    """The document viewer: deeds in the order they were registered, or newest first."""
    wanted = frozenset(kinds)
    chosen = [deed for deed in deeds if not wanted or deed.kind in wanted]
    return sorted(chosen, key=lambda d: (d.at, d.id), reverse=newest_first)


# --- uploads ------------------------------------------------------------------------------------

# Allowed content types: binary ones with the first bytes each must start with; text ones must
# not contain the bytes of a binary file instead.
_ZIP, _OLE = (b"PK\x03\x04",), (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",)
SIGNATURES: dict[str, tuple[bytes, ...]] = {
    "application/pdf": (b"%PDF-",),
    "image/png": (b"\x89PNG\r\n\x1a\n",),
    "image/jpeg": (b"\xff\xd8\xff",),
    "image/gif": (b"GIF87a", b"GIF89a"),
    "image/tiff": (b"II*\x00", b"MM\x00*"),
    "image/webp": (b"RIFF",),  # and "WEBP" at offset 8
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": _ZIP,
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": _ZIP,
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": _ZIP,
    "application/vnd.oasis.opendocument.text": _ZIP,
    "application/vnd.oasis.opendocument.spreadsheet": _ZIP,
    "application/msword": _OLE,
    "application/vnd.ms-excel": _OLE,
    "application/vnd.ms-outlook": _OLE,
}
TEXT_TYPES = frozenset({"text/plain", "text/csv", "message/rfc822"})
ALLOWED_CONTENT_TYPES = frozenset(SIGNATURES) | TEXT_TYPES
# Names that run as programs when opened, whatever the bytes claim to be.
BLOCKED_EXTENSIONS = frozenset(
    {
        "exe", "dll", "com", "scr", "msi", "msp", "bat", "cmd", "ps1", "psm1", "vbs", "vbe", "js", "jse",
        "wsf", "wsh", "hta", "cpl", "jar", "lnk", "reg", "sh", "app", "apk", "iso", "pif", "gadget",
    }
)  # fmt: skip
# Signatures of executables and scripts: never accepted, whatever the declared type.
_EXECUTABLE = (b"MZ", b"\x7fELF", b"\xfe\xed\xfa", b"\xcf\xfa\xed\xfe", b"\xca\xfe\xba\xbe", b"#!")
_EXTRA_TYPES = {
    "csv": "text/csv",
    "txt": "text/plain",
    "eml": "message/rfc822",
    "msg": "application/vnd.ms-outlook",
    "pdf": "application/pdf",
    "png": "image/png",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "gif": "image/gif",
    "tif": "image/tiff",
    "tiff": "image/tiff",
    "webp": "image/webp",
    "doc": "application/msword",
    "xls": "application/vnd.ms-excel",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "odt": "application/vnd.oasis.opendocument.text",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
}
_GENERIC_TYPES = frozenset({"", "application/octet-stream", "binary/octet-stream", "application/x-download"})
SNIFF_BYTES = 4096
MAX_FILENAME = 200


def guess_type(filename: str) -> str | None:
    """The content type a file name's extension stands for (None when unknown)."""
    extension = _extension(filename)
    if not extension:
        return None
    return _EXTRA_TYPES.get(extension) or mimetypes.types_map.get(f".{extension}")


def check_upload(*, filename: str, declared_type: str | None, head: bytes) -> str:
    """The content type the file is stored with, or InvalidInput naming the field `file`.

    The declared type (what the browser sent) and the type of the file name's extension are the
    candidates; the first that is allowed and whose signature the first bytes carry wins. The
    extension must then agree with it, so neither a program renamed to `.pdf` nor a PDF named
    `.png` gets through."""
    extension = _extension(filename)
    if extension in BLOCKED_EXTENSIONS:
        raise InvalidInput(f"Filer av typen .{extension} kan inte bifogas", field="file")
    if not head:
        raise InvalidInput("Filen är tom", field="file")
    if head.startswith(_EXECUTABLE):
        raise InvalidInput("Filen är ett program och kan inte bifogas", field="file")
    declared = (declared_type or "").split(";")[0].strip().lower()
    by_name = guess_type(filename)
    candidates = [t for t in dict.fromkeys([declared, by_name or ""]) if t and t not in _GENERIC_TYPES]
    allowed = [t for t in candidates if t in ALLOWED_CONTENT_TYPES]
    if not allowed:
        shown = candidates[0] if candidates else "okänd"
        raise InvalidInput(f"Filtypen {shown} är inte tillåten som bilaga", field="file")
    for content_type in allowed:
        if content_matches(content_type, head):
            if by_name is not None and by_name != content_type:
                raise InvalidInput(
                    f"Filnamnets ändelse .{extension} stämmer inte med filens innehåll ({content_type})", field="file"
                )
            return content_type
    raise InvalidInput(f"Filens innehåll stämmer inte med filtypen {allowed[0]}", field="file")


def content_matches(content_type: str, head: bytes) -> bool:
    """Whether the first bytes of a file are what the content type starts with."""
    if content_type in TEXT_TYPES:
        return _looks_like_text(head)
    signatures = SIGNATURES.get(content_type)
    if signatures is None:
        return False
    if content_type == "image/webp":
        return head.startswith(b"RIFF") and head[8:12] == b"WEBP"
    return head.startswith(signatures)


def _looks_like_text(head: bytes) -> bool:
    """No NUL and no control characters other than tab, line feed, form feed and carriage return."""
    sample = head[:SNIFF_BYTES]
    allowed = {0x09, 0x0A, 0x0C, 0x0D}
    return not any(byte < 0x20 and byte not in allowed for byte in sample) and 0x7F not in sample


def _extension(filename: str) -> str:
    name = filename.rsplit("/", 1)[-1].rsplit("\\", 1)[-1]
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


_UNSAFE = re.compile(r'[\x00-\x1f\x7f/\\:*?"<>|]+')


def clean_filename(filename: str | None) -> str:
    """The file's own name without a path or characters a file system or header chokes on."""
    name = unicodedata.normalize("NFC", (filename or "").rsplit("/", 1)[-1].rsplit("\\", 1)[-1])
    name = _UNSAFE.sub("_", name).strip(" .")
    if not name:
        raise InvalidInput("Filen saknar namn", field="file")
    if len(name) > MAX_FILENAME:
        stem, dot, extension = name.rpartition(".")
        name = (stem[: MAX_FILENAME - len(extension) - 1] + dot + extension) if dot else name[:MAX_FILENAME]
    return name
