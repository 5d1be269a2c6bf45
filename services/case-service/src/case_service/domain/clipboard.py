"""Copy, cut and paste (CASE-29): each user's own clipboard, and the rules of cutting and of the
inbox pasted into; no I/O. How a copy is made is in `domain.copying`.

A copy selection can be pasted as often as wanted (each paste makes new cases); a cut selection
holds only cases the user is officer of and is pasted once: the cases move to the target inbox
with their officer, without distribution, and the clipboard is emptied.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from arendo_contracts.events.case import FieldChange
from arendo_contracts.events.inbox import InboxSnapshot, UserSnapshot
from arendo_kit.errors import Forbidden, InvalidInput
from arendo_kit.repository import AggregateRoot
from case_service.domain.case import Case
from case_service.domain.lock import refuse_if_locked_by_other

MAX_CASES = 100


class ClipboardMode(StrEnum):
    COPY = "copy"
    CUT = "cut"


class PasteContent(StrEnum):
    """What a pasted copy carries."""

    WHOLE = "whole"  # the metadata, every deed and the deeds' attachment files
    METADATA = "metadata"  # the metadata only, no deeds


class Clipboard(AggregateRoot):
    """One user's clipboard; the id is the user's id. Empty: no mode, no cases."""

    mode: ClipboardMode | None = None
    case_ids: tuple[str, ...] = ()
    at: datetime | None = None  # when the cases were put on it

    @property
    def is_empty(self) -> bool:
        return not self.case_ids


def empty_clipboard(user_id: str) -> Clipboard:
    # Version 0 means "never stored": the first write stores version 1.
    return Clipboard.model_construct(id=user_id, version=0, mode=None, case_ids=(), at=None)


def selection(case_ids: Sequence[str]) -> tuple[str, ...]:
    """The selected case ids, each once, at least one and at most MAX_CASES."""
    ids = tuple(case_id.strip() for case_id in case_ids)
    if not ids or any(not case_id for case_id in ids):
        raise InvalidInput("Markera minst ett ärende", field="case_ids")
    if len(ids) > MAX_CASES:
        raise InvalidInput(f"Högst {MAX_CASES} ärenden åt gången", field="case_ids")
    seen: set[str] = set()
    for case_id in ids:
        if case_id in seen:
            raise InvalidInput(f"Ärendet {case_id} är markerat två gånger", field="case_ids")
        seen.add(case_id)
    return ids


def check_cut(cases: Sequence[Case], *, user_id: str) -> None:
    """Only cases the user is officer of can be cut; the refusal names every other one."""
    others = [case.number for case in cases if case.officer_id != user_id]
    if others:
        raise Forbidden(
            f"Du kan bara klippa ut ärenden där du är handläggare; det är du inte för {', '.join(others)}",
            field="case_ids",
        )


def put_on_clipboard(current: Clipboard, *, mode: ClipboardMode, case_ids: Sequence[str], now: datetime) -> Clipboard:
    """The selection replaces whatever was on the clipboard."""
    return current.model_copy(
        update={"mode": mode, "case_ids": tuple(case_ids), "at": now, "version": current.next_version()}
    )


def emptied(current: Clipboard) -> Clipboard | None:
    """The clipboard without cases; None when it is empty already (nothing to write)."""
    if current.is_empty and current.mode is None:
        return None
    return current.model_copy(update={"mode": None, "case_ids": (), "at": None, "version": current.next_version()})


# --- pasting ----------------------------------------------------------------------------------------


def check_paste_target(
    inbox: InboxSnapshot | None, *, inbox_id: str, reader: UserSnapshot | None, is_admin: bool
) -> InboxSnapshot:
    """Cases are pasted only into an active inbox the caller is a member of (an admin into any)."""
    if inbox is None:
        raise InvalidInput(f"Inkorgen {inbox_id} finns inte", field="inbox_id")
    if not inbox.active:
        raise InvalidInput(f"Inkorgen {inbox.name} är inaktiverad", field="inbox_id")
    if is_admin:
        return inbox
    if reader is None or not reader.active or inbox.inbox_id not in reader.inbox_ids:
        raise Forbidden(f"Du är inte medlem i inkorgen {inbox.name} och kan inte klistra in där", field="inbox_id")
    return inbox


def check_content(mode: ClipboardMode, content: PasteContent | None) -> PasteContent:
    """What a copy carries (whole by default); cut cases move as they are, so there is no choice."""
    if mode is ClipboardMode.CUT:
        if content is not None:
            raise InvalidInput(
                "Innehåll väljs bara när ärenden kopieras; urklippta ärenden flyttas hela", field="content"
            )
        return PasteContent.WHOLE
    return content or PasteContent.WHOLE


def move_to_inbox(case: Case, inbox_id: str, *, by_id: str, now: datetime) -> tuple[Case, list[FieldChange]]:
    """A cut case moves to the inbox with its officer, status and deeds as they are; no
    distribution note. Nothing changes when it is there already. Not while another officer has it
    open (CASE-26); and the officer rule holds at paste time too: the case may have got another
    officer since it was cut."""
    if case.inbox_id == inbox_id:
        return case, []
    refuse_if_locked_by_other(case, user_id=by_id, now=now)
    if case.officer_id != by_id:
        holder = case.officer_name or "ingen"
        raise Forbidden(
            f"Du är inte längre handläggare för ärendet {case.number} (handläggare: {holder})", field="case_ids"
        )
    changes = [FieldChange(field="inbox_id", old=case.inbox_id, new=inbox_id)]
    return case.model_copy(update={"inbox_id": inbox_id, "version": case.next_version()}), changes


class PasteOutcome(StrEnum):
    COPIED = "copied"
    MOVED = "moved"
    ALREADY_THERE = "already_there"  # a cut case that is in the target inbox already
    REFUSED = "refused"


class PasteRefusal(StrEnum):
    NOT_FOUND = "not_found"  # gone, or no longer readable by the caller (CASE-07)
    LOCKED = "locked"  # another officer has it open (CASE-26)
    OFFICER_RULE = "officer_rule"  # the caller is no longer its officer
    CONFLICT = "conflict"  # kept changing under us, or a rule of the relation refused it


@dataclass(frozen=True)
class PasteResult:
    """What happened to one case of the clipboard."""

    case_id: str
    outcome: PasteOutcome
    number: str | None = None  # the clipboard case's number, when the caller may still read it
    new_case_id: str | None = None  # the copy
    new_number: str | None = None
    reason: PasteRefusal | None = None
    detail: str | None = None
    dropped_case_types: tuple[str, ...] = ()  # case types the target inbox's diary plan does not offer
