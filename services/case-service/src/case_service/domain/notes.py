"""Internal notes (anteckningar, CASE-17); no I/O.

Notes are the officers' scratch pad on a case: text plus attachments, listed, filtered and
deleted, shown as a note icon in inbox lists, and deleted (with their files) when the case closes.
"""

from arendo_contracts.events.case import FieldChange
from case_service.domain.case import Case

NOTES_DELETED_ON_CLOSE = "Anteckningar raderade vid avslut"


def delete_all_notes(case: Case) -> tuple[Case, list[FieldChange]]:
    """Closing deletes every internal note; their files are queued for removal. The version is
    left to the caller, whose write this is part of."""
    if not case.notes:
        return case, []
    files = tuple(ref.file_id for note in case.notes for ref in note.attachments)
    changes = [FieldChange(field="notes", old=str(len(case.notes)), new=NOTES_DELETED_ON_CLOSE)]
    updated = case.model_copy(update={"notes": (), "discarded_files": (*case.discarded_files, *files)})
    return updated, changes
