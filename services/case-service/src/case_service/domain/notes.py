"""Internal notes (anteckningar, CASE-17); no I/O.

Notes are the officers' scratch pad on a case: text plus attachments, listed, filtered and
deleted, shown as a note icon in inbox lists, and deleted (with their files) when the case closes.
Events say only who wrote a note, never what it says: events leave the service, notes do not.
"""

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from arendo_contracts.events.case import FieldChange
from arendo_contracts.vocabulary import CaseStatus
from arendo_kit.errors import Conflict, Forbidden, InvalidInput, NotFound
from arendo_kit.text import fold
from case_service.domain.case import AttachmentRef, Case, InternalNote
from case_service.domain.deeds import MAX_ATTACHMENTS, check_attachments_free
from case_service.domain.lock import DISPLAY_ZONE

NOTES_DELETED_ON_CLOSE = "Anteckningar raderade vid avslut"
NOTE_FIELD = "note"
MAX_NOTE_TEXT = 20_000
MAX_QUERY = 200


def note_label(note: InternalNote) -> str:
    """What the event log shows of a note: whose it is, never its text."""
    return f"Anteckning av {note.author_name}"


def add_note(
    case: Case,
    *,
    text: str,
    attachments: Sequence[AttachmentRef],
    by_id: str,
    by_name: str,
    now: datetime,
) -> tuple[Case, InternalNote, list[FieldChange]]:
    """A note with text, files uploaded to the case, or both."""
    if case.status is CaseStatus.CLOSED:
        # Closing deletes every note; one written afterwards would outlive that promise.
        raise Conflict("Ärendet är avslutat: anteckningar kan inte läggas till", field="status")
    cleaned = text.strip()
    if len(cleaned) > MAX_NOTE_TEXT:
        raise InvalidInput(f"Anteckningen får vara högst {MAX_NOTE_TEXT} tecken", field="text")
    if not cleaned and not attachments:
        raise InvalidInput("Skriv en text eller bifoga en fil", field="text")
    if len(attachments) > MAX_ATTACHMENTS:
        raise InvalidInput(f"En anteckning kan ha högst {MAX_ATTACHMENTS} bilagor", field="attachment_ids")
    check_attachments_free(case, attachments)
    note = InternalNote(
        id=str(uuid.uuid4()),
        text=cleaned,
        author_id=by_id,
        author_name=by_name,
        at=now,
        attachments=tuple(attachments),
    )
    changes = [FieldChange(field=NOTE_FIELD, old=None, new=note_label(note))]
    return case.model_copy(update={"notes": (*case.notes, note), "version": case.next_version()}), note, changes


def may_delete(case: Case, note: InternalNote, *, user_id: str) -> bool:
    """The note's author, or whoever handles the case now."""
    return note.author_id == user_id or (case.officer_id is not None and case.officer_id == user_id)


def delete_note(case: Case, note_id: str, *, by_id: str) -> tuple[Case, list[FieldChange]]:
    """The note is gone (not hidden); its files are queued for removal from storage."""
    note = next((n for n in case.notes if n.id == note_id), None)
    if note is None:
        raise NotFound("Anteckningen finns inte")
    if not may_delete(case, note, user_id=by_id):
        raise Forbidden(
            f"Bara den som skrev anteckningen ({note.author_name}) eller ärendets handläggare kan radera den",
            field="note_id",
        )
    files = tuple(ref.file_id for ref in note.attachments)
    updated = case.model_copy(
        update={
            "notes": tuple(n for n in case.notes if n.id != note_id),
            "discarded_files": (*case.discarded_files, *files),
            "version": case.next_version(),
        }
    )
    return updated, [FieldChange(field=NOTE_FIELD, old=note_label(note), new=None)]


def delete_all_notes(case: Case) -> tuple[Case, list[FieldChange]]:
    """Closing deletes every internal note; their files are queued for removal. The version is
    left to the caller, whose write this is part of."""
    if not case.notes:
        return case, []
    files = tuple(ref.file_id for note in case.notes for ref in note.attachments)
    changes = [FieldChange(field="notes", old=str(len(case.notes)), new=NOTES_DELETED_ON_CLOSE)]
    updated = case.model_copy(update={"notes": (), "discarded_files": (*case.discarded_files, *files)})
    return updated, changes


# --- listing ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class NoteFilter:
    q: str | None = None  # part of the text or the author's name
    author_id: str | None = None
    since: date | None = None  # both inclusive, calendar days in Sweden
    until: date | None = None
    newest_first: bool = True


def check_filter(wanted: NoteFilter) -> None:
    if wanted.q is not None and len(wanted.q) > MAX_QUERY:
        raise InvalidInput(f"Sökordet får vara högst {MAX_QUERY} tecken", field="q")
    if wanted.since is not None and wanted.until is not None and wanted.since > wanted.until:
        raise InvalidInput("Från-datum ligger efter till-datum", field="from")


def select_notes(notes: Iterable[InternalNote], wanted: NoteFilter) -> list[InternalNote]:
    """The notes that match every given criterion, newest first unless asked otherwise. The text
    search ignores case and accents, so "ATGARD" finds "åtgärd"."""
    check_filter(wanted)
    needle = fold(" ".join(wanted.q.split())) if wanted.q and wanted.q.strip() else None
    chosen = []
    for note in notes:
        if wanted.author_id and note.author_id != wanted.author_id:
            continue
        day = note.at.astimezone(DISPLAY_ZONE).date()
        if wanted.since is not None and day < wanted.since:
            continue
        if wanted.until is not None and day > wanted.until:
            continue
        if needle is not None and not _mentions(note, needle):
            continue
        chosen.append(note)
    return sorted(chosen, key=lambda n: (n.at, n.id), reverse=wanted.newest_first)


def _mentions(note: InternalNote, needle: str) -> bool:
    # Whitespace collapsed, so a phrase found across a line break still matches.
    return needle in fold(" ".join(note.text.split())) or needle in fold(note.author_name)
