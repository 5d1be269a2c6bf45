"""Use cases of deeds and attachments (CASE-22): register a deed by hand, upload and download
attachments, and the document viewer."""

import hashlib
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Sequence

from arendo_kit.auth import User
from arendo_kit.clock import Clock, utc_now
from arendo_kit.errors import InvalidInput, NotFound
from arendo_kit.outbox import EventFactory
from case_service.domain.case import AttachmentRef, Case, Deed, DeedDirection, DeedKind
from case_service.domain.deeds import (
    SNIFF_BYTES,
    AttachmentRecord,
    PayloadTooLarge,
    check_upload,
    clean_filename,
    documents,
    register_manual_deed,
)
from case_service.service.access import readable_case, readable_current_case
from case_service.service.changes import store_change
from case_service.store import AttachmentStore, CaseRepository, RegisterReplicas

READ_SIZE = 1024 * 1024

ReadChunk = Callable[[int], Awaitable[bytes]]


async def register_deed(
    *,
    cases: CaseRepository,
    registers: RegisterReplicas,
    attachments: AttachmentStore,
    events: EventFactory,
    caller: User,
    case_id: str,
    expected_version: int,
    kind: DeedKind,
    title: str | None,
    body: str,
    direction: DeedDirection | None,
    attachment_ids: Sequence[str] = (),
    clock: Clock = utc_now,
) -> tuple[Case, Deed]:
    """A phone call log, internal service note or service note, with files uploaded to the case."""
    case = await readable_current_case(
        cases=cases, registers=registers, caller=caller, case_id=case_id, expected_version=expected_version
    )
    refs = await attachment_refs(attachments=attachments, case_id=case.id, attachment_ids=attachment_ids)
    updated, deed, changes = register_manual_deed(
        case,
        kind=kind,
        title=title,
        body=body,
        direction=direction,
        attachments=refs,
        by_id=caller.id,
        by_name=caller.name,
        now=clock(),
    )
    await store_change(cases=cases, events=events, actor=caller.id, changed=updated, changes=changes)
    return updated, deed


async def attachment_refs(
    *, attachments: AttachmentStore, case_id: str, attachment_ids: Sequence[str]
) -> list[AttachmentRef]:
    """The files uploaded to the case that a deed is to carry, in the order given."""
    if not attachment_ids:
        return []
    found = {record.id: record for record in await attachments.of_case(case_id, attachment_ids)}
    missing = [file_id for file_id in attachment_ids if file_id not in found]
    if missing:
        raise InvalidInput(f"Bilagan {missing[0]} finns inte på ärendet", field="attachment_ids")
    return [found[file_id].ref() for file_id in attachment_ids]


async def upload_attachment(
    *,
    cases: CaseRepository,
    registers: RegisterReplicas,
    attachments: AttachmentStore,
    caller: User,
    case_id: str,
    filename: str | None,
    declared_type: str | None,
    read: ReadChunk,
    max_bytes: int,
    clock: Clock = utc_now,
) -> AttachmentRecord:
    """Store a file with the case, to be carried by a deed. Refused (nothing stored) when larger
    than the limit, or when its type is not allowed or its bytes are not what its type says."""
    case = await readable_case(cases=cases, registers=registers, caller=caller, case_id=case_id)
    name = clean_filename(filename)
    data = bytearray()
    while chunk := await read(READ_SIZE):
        data += chunk
        if len(data) > max_bytes:
            raise PayloadTooLarge(f"Filen är för stor: en bilaga får vara högst {size_text(max_bytes)}", field="file")
    content_type = check_upload(filename=name, declared_type=declared_type, head=bytes(data[:SNIFF_BYTES]))
    record = AttachmentRecord(
        id=str(uuid.uuid4()),
        case_id=case.id,
        filename=name,
        content_type=content_type,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        uploaded_by=caller.id,
        uploaded_by_name=caller.name,
        uploaded_at=clock(),
    )
    await attachments.save(record, bytes(data))
    return record


async def case_attachment(
    *,
    cases: CaseRepository,
    registers: RegisterReplicas,
    attachments: AttachmentStore,
    caller: User,
    case_id: str,
    file_id: str,
) -> AttachmentRecord:
    """An attachment of a case the caller may read; any other is "not found"."""
    case = await readable_case(cases=cases, registers=registers, caller=caller, case_id=case_id)
    record = await attachments.get(file_id)
    # A file of a deleted note is gone at once, though its removal from storage follows later.
    if record is None or record.case_id != case.id or record.id in case.discarded_files:
        raise NotFound("Bilagan finns inte")
    return record


async def open_attachment(
    *,
    cases: CaseRepository,
    registers: RegisterReplicas,
    attachments: AttachmentStore,
    caller: User,
    case_id: str,
    file_id: str,
) -> tuple[AttachmentRecord, AsyncIterator[bytes]]:
    """An attachment to download: what it is and its bytes."""
    record = await case_attachment(
        cases=cases, registers=registers, attachments=attachments, caller=caller, case_id=case_id, file_id=file_id
    )
    content = await attachments.open(record.id)
    if content is None:
        raise NotFound("Bilagans innehåll finns inte")
    return record, content


async def case_attachments(
    *, cases: CaseRepository, registers: RegisterReplicas, attachments: AttachmentStore, caller: User, case_id: str
) -> tuple[Case, list[AttachmentRecord]]:
    case = await readable_case(cases=cases, registers=registers, caller=caller, case_id=case_id)
    discarded = set(case.discarded_files)
    return case, [record for record in await attachments.of_case(case.id) if record.id not in discarded]


async def document_viewer(
    *,
    cases: CaseRepository,
    registers: RegisterReplicas,
    caller: User,
    case_id: str,
    newest_first: bool = False,
    kinds: Iterable[DeedKind] = (),
) -> tuple[Case, list[Deed]]:
    """The handlingsvisare: the case's deeds by time, with their attachments."""
    case = await readable_case(cases=cases, registers=registers, caller=caller, case_id=case_id)
    return case, documents(case.deeds, newest_first=newest_first, kinds=kinds)


def size_text(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.0f} MB"
    if size >= 1024:
        return f"{size / 1024:.0f} kB"
    return f"{size} byte"
