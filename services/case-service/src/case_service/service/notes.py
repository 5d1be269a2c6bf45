"""Use cases of internal notes (CASE-17): write, list and filter, delete, and remove the files of
deleted notes from storage once the write that dropped them is done."""

from collections.abc import Sequence

from arendo_contracts import CloudEvent
from arendo_contracts.events.case import case_changes_of, case_summary_of
from arendo_kit.auth import User
from arendo_kit.clock import Clock, utc_now
from arendo_kit.logging import get_logger
from arendo_kit.outbox import EventFactory
from case_service.domain import notes
from case_service.domain.case import Case, InternalNote
from case_service.service.access import readable_case, readable_current_case
from case_service.service.changes import Change, change_case, store_change
from case_service.service.deeds import attachment_refs
from case_service.store import AttachmentStore, CaseRepository, RegisterReplicas

# The fields of changes that leave files behind: one note deleted, or all of them on closing.
PURGING_FIELDS = frozenset({notes.NOTE_FIELD, "notes"})

_log = get_logger(__name__)


async def add_note(
    *,
    cases: CaseRepository,
    registers: RegisterReplicas,
    attachments: AttachmentStore,
    events: EventFactory,
    caller: User,
    case_id: str,
    expected_version: int,
    text: str,
    attachment_ids: Sequence[str] = (),
    clock: Clock = utc_now,
) -> tuple[Case, InternalNote]:
    """A note by the caller, with files uploaded to the case first."""
    case = await readable_current_case(
        cases=cases, registers=registers, caller=caller, case_id=case_id, expected_version=expected_version, clock=clock
    )
    refs = await attachment_refs(attachments=attachments, case_id=case.id, attachment_ids=attachment_ids)
    updated, note, changes = notes.add_note(
        case, text=text, attachments=refs, by_id=caller.id, by_name=caller.name, now=clock()
    )
    await store_change(cases=cases, events=events, actor=caller.id, changed=updated, changes=changes)
    return updated, note


async def list_notes(
    *, cases: CaseRepository, registers: RegisterReplicas, caller: User, case_id: str, wanted: notes.NoteFilter
) -> tuple[Case, list[InternalNote]]:
    case = await readable_case(cases=cases, registers=registers, caller=caller, case_id=case_id)
    return case, notes.select_notes(case.notes, wanted)


async def delete_note(
    *,
    cases: CaseRepository,
    registers: RegisterReplicas,
    events: EventFactory,
    caller: User,
    case_id: str,
    expected_version: int,
    note_id: str,
    clock: Clock = utc_now,
) -> Case:
    """Only the note's author or the case's officer; its files are purged after the write."""

    async def apply(case: Case) -> Change:
        return notes.delete_note(case, note_id, by_id=caller.id)

    return await change_case(
        cases=cases,
        registers=registers,
        events=events,
        caller=caller,
        case_id=case_id,
        expected_version=expected_version,
        apply=apply,
        clock=clock,
    )


async def purge_after_change(*, cases: CaseRepository, attachments: AttachmentStore, event: CloudEvent) -> int:
    """A case event that deleted notes: remove their files. Other events are no concern of this."""
    changes = case_changes_of(event)
    if changes is None or not any(change.field in PURGING_FIELDS for change in changes):
        return 0
    return await purge_discarded_files(cases=cases, attachments=attachments, case_id=case_summary_of(event).case_id)


async def purge_discarded_files(*, cases: CaseRepository, attachments: AttachmentStore, case_id: str) -> int:
    """Remove from storage every discarded file of the case that is still there; the number
    removed. The case is read as it is now (its discarded files only grow) and not written; a
    file already removed is skipped, so a repeated or late event removes nothing twice."""
    case = await cases.get(case_id)
    if case is None or not case.discarded_files:
        return 0
    remaining = await attachments.of_case(case.id, case.discarded_files)
    for record in remaining:
        await attachments.delete(record.id)
    if remaining:
        _log.info("discarded_files_purged", case_id=case.id, count=len(remaining))
    return len(remaining)
