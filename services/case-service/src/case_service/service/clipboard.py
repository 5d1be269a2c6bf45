"""Use cases of copy, cut and paste (CASE-29): the caller's clipboard, and pasting it into an inbox.

Pasting goes case by case, each refused or done on its own, and the answer says which. A cut is
pasted once: the clipboard is emptied (under its version check) before any case moves, so two
windows pasting the same cut cannot both move the cases. A copy makes, per case, the new case
with its relation claim in one write (`case.created.v1`), then the original's index half, which
is bookkeeping: it retries on a concurrent change and is not refused by a lock.
"""

import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from arendo_contracts.events.case import CaseCreatedV1
from arendo_contracts.events.inbox import InboxSnapshot
from arendo_kit.auth import User
from arendo_kit.clock import Clock, utc_now
from arendo_kit.errors import ConcurrencyConflict, Conflict, DomainError, Forbidden, InvalidInput, NotFound
from arendo_kit.logging import get_logger
from arendo_kit.outbox import EventFactory
from case_service.domain.access import may_read
from case_service.domain.case import AttachmentRef, Case
from case_service.domain.clipboard import (
    Clipboard,
    ClipboardMode,
    PasteContent,
    PasteOutcome,
    PasteRefusal,
    PasteResult,
    check_content,
    check_cut,
    check_paste_target,
    emptied,
    move_to_inbox,
    put_on_clipboard,
    selection,
)
from case_service.domain.copying import attached_files, check_copyable, copy_case, copy_description
from case_service.domain.lock import CaseLocked
from case_service.domain.relations import index_sub_cases
from case_service.service.access import NOT_FOUND, readable_case
from case_service.service.changes import change_latest, store_change
from case_service.store import AttachmentStore, CaseNumbers, CaseRepository, RegisterReplicas
from case_service.store.clipboard import ClipboardRepository

ATTEMPTS = 5
BUSY = "Ärendet ändrades samtidigt av någon annan; försök igen"

_log = get_logger(__name__)


@dataclass(frozen=True)
class ClipboardView:
    """The clipboard with the cases on it the caller may still read, in the order they were put there."""

    clipboard: Clipboard
    cases: list[Case]
    inbox_names: Mapping[str, str]


@dataclass(frozen=True)
class PasteReport:
    mode: ClipboardMode
    content: PasteContent | None  # what the copies carry; None for a cut
    inbox: InboxSnapshot
    results: list[PasteResult]
    clipboard: ClipboardView  # as it is after the paste


# --- the clipboard ------------------------------------------------------------------------------


async def my_clipboard(
    *, cases: CaseRepository, registers: RegisterReplicas, clipboards: ClipboardRepository, caller: User
) -> ClipboardView:
    return await _view(cases, registers, caller, await clipboards.of(caller.id))


async def put_on_my_clipboard(
    *,
    cases: CaseRepository,
    registers: RegisterReplicas,
    clipboards: ClipboardRepository,
    caller: User,
    mode: ClipboardMode,
    case_ids: Sequence[str],
    clock: Clock = utc_now,
) -> ClipboardView:
    """Copy or cut: the selection replaces what was on the clipboard. Every case must be one the
    caller may read, and a cut one the caller is officer of; otherwise nothing is stored."""
    ids = selection(case_ids)
    readable = await _readable(cases, registers, caller, ids)
    missing = [case_id for case_id in ids if case_id not in readable]
    if missing:
        which = f"Ärendet {missing[0]}" if len(missing) == 1 else f"Ärendena {', '.join(missing)}"
        raise InvalidInput(f"{which} finns inte", field="case_ids")
    selected = [readable[case_id] for case_id in ids]
    if mode is ClipboardMode.CUT:
        check_cut(selected, user_id=caller.id)
    now = clock()
    stored = await _write(
        clipboards, caller.id, lambda current: put_on_clipboard(current, mode=mode, case_ids=ids, now=now)
    )
    return await _view(cases, registers, caller, stored)


async def empty_my_clipboard(
    *, cases: CaseRepository, registers: RegisterReplicas, clipboards: ClipboardRepository, caller: User
) -> ClipboardView:
    return await _view(cases, registers, caller, await _write(clipboards, caller.id, emptied))


# --- paste ------------------------------------------------------------------------------------------


async def paste(
    *,
    cases: CaseRepository,
    numbers: CaseNumbers,
    registers: RegisterReplicas,
    clipboards: ClipboardRepository,
    attachments: AttachmentStore,
    events: EventFactory,
    caller: User,
    inbox_id: str,
    content: PasteContent | None = None,
    clock: Clock = utc_now,
) -> PasteReport:
    """Paste the clipboard into the inbox: copies as new cases, cut cases moved there."""
    clipboard = await clipboards.of(caller.id)
    if clipboard.is_empty or clipboard.mode is None:
        raise Conflict("Urklippet är tomt; kopiera eller klipp ut ärenden först", field="clipboard")
    mode = clipboard.mode
    chosen = check_content(mode, content)
    inbox = check_paste_target(
        await registers.inboxes.get(inbox_id),
        inbox_id=inbox_id,
        reader=await registers.users.get(caller.id),
        is_admin=caller.is_admin,
    )
    if mode is ClipboardMode.CUT:
        taken = emptied(clipboard)
        if taken is not None:
            try:
                await clipboards.store(taken)
            except ConcurrencyConflict:
                raise Conflict(
                    "Urklippet ändrades samtidigt (i ett annat fönster?); titta på det och klistra in igen",
                    field="clipboard",
                ) from None
        results = [
            await _move(cases, registers, events, caller, case_id, inbox, clock) for case_id in clipboard.case_ids
        ]
        after = taken or clipboard
    else:
        results = [
            await _copy(cases, numbers, registers, attachments, events, caller, case_id, inbox, chosen, clock)
            for case_id in clipboard.case_ids
        ]
        after = clipboard  # a copy can be pasted again elsewhere
    return PasteReport(
        mode=mode,
        content=chosen if mode is ClipboardMode.COPY else None,
        inbox=inbox,
        results=results,
        clipboard=await _view(cases, registers, caller, after),
    )


async def _move(
    cases: CaseRepository,
    registers: RegisterReplicas,
    events: EventFactory,
    caller: User,
    case_id: str,
    inbox: InboxSnapshot,
    clock: Clock,
) -> PasteResult:
    """One cut case to the target inbox, re-read and tried again when it changes under us."""
    for _ in range(ATTEMPTS):
        try:
            case = await readable_case(cases=cases, registers=registers, caller=caller, case_id=case_id)
        except NotFound:
            return _refused(case_id, PasteRefusal.NOT_FOUND, NOT_FOUND)
        try:
            moved, changes = move_to_inbox(case, inbox.inbox_id, by_id=caller.id, now=clock())
        except CaseLocked as error:
            return _refused(case_id, PasteRefusal.LOCKED, error.detail, case.number)
        except Forbidden as error:
            return _refused(case_id, PasteRefusal.OFFICER_RULE, error.detail, case.number)
        if not changes:
            return PasteResult(case_id=case_id, outcome=PasteOutcome.ALREADY_THERE, number=case.number)
        try:
            await store_change(cases=cases, events=events, actor=caller.id, changed=moved, changes=changes)
        except ConcurrencyConflict:
            continue
        return PasteResult(case_id=case_id, outcome=PasteOutcome.MOVED, number=case.number)
    return _refused(case_id, PasteRefusal.CONFLICT, BUSY)


async def _copy(
    cases: CaseRepository,
    numbers: CaseNumbers,
    registers: RegisterReplicas,
    attachments: AttachmentStore,
    events: EventFactory,
    caller: User,
    case_id: str,
    inbox: InboxSnapshot,
    content: PasteContent,
    clock: Clock,
) -> PasteResult:
    """One copied case as a new case in the target inbox, related to the original."""
    try:
        original = await readable_case(cases=cases, registers=registers, caller=caller, case_id=case_id)
    except NotFound:
        return _refused(case_id, PasteRefusal.NOT_FOUND, NOT_FOUND)
    try:
        check_copyable(original)
    except Conflict as error:
        return _refused(case_id, PasteRefusal.CONFLICT, error.detail, original.number)
    copy_id = str(uuid.uuid4())
    files: dict[str, AttachmentRef] = {}
    if content is PasteContent.WHOLE:
        try:
            await _copy_files(attachments, original, copy_id, files)
        except NotFound as error:
            await _discard(attachments, files)
            return _refused(case_id, PasteRefusal.CONFLICT, error.detail, original.number)
    now = clock()
    try:
        copy = copy_case(
            original,
            case_id=copy_id,
            number=await numbers.next(now.year),
            inbox_id=inbox.inbox_id,
            plan=inbox.diary_plan,
            content=content,
            by_id=caller.id,
            now=now,
            files=files,
        )
        await cases.store(copy.case, events=[events(CaseCreatedV1(case=copy.case.summary()), actor=caller.id)])
    except BaseException:
        await _discard(attachments, files)
        raise
    indexed = await _index_copy(cases, events, caller, original.id, copy.case)
    return PasteResult(
        case_id=case_id,
        outcome=PasteOutcome.COPIED,
        number=original.number,
        new_case_id=copy.case.id,
        new_number=copy.case.number,
        detail=None if indexed else f"Kopian listas ännu inte bland relationerna i ärende {original.number}",
        dropped_case_types=copy.dropped_case_types,
    )


async def _copy_files(
    attachments: AttachmentStore, original: Case, copy_id: str, files: dict[str, AttachmentRef]
) -> None:
    """Each file the deeds carry, copied for the new case into `files` (so a failure can discard those done)."""
    for ref in attached_files(original.deeds):
        record = await attachments.get(ref.file_id)
        if record is None or record.case_id != original.id:
            raise NotFound(f"Bilagan {ref.filename} på ärendet {original.number} finns inte")
        files[ref.file_id] = (await attachments.copy(record, copy_id)).ref()


async def _discard(attachments: AttachmentStore, files: Mapping[str, AttachmentRef]) -> None:
    """Files copied for a copy that was never stored: nobody can reach them, so they go."""
    for ref in files.values():
        try:
            await attachments.delete(ref.file_id)
        except Exception:  # noqa: BLE001 - best effort: without its case the file is unreachable anyway
            _log.warning("copied_attachment_discard_failed", file_id=ref.file_id, exc_info=True)


async def _index_copy(cases: CaseRepository, events: EventFactory, caller: User, original_id: str, copy: Case) -> bool:
    """The original lists the copy among its sub-cases; False when that could not be written."""
    relation = copy.main_case
    if relation is None:
        return True
    try:
        indexed = await change_latest(
            cases=cases,
            events=events,
            case_id=original_id,
            change=lambda original: index_sub_cases(
                original, [copy], description=copy_description(original), by_id=caller.id, now=relation.related_at
            ),
            actor=caller.id,
        )
    except DomainError:  # the original may list no more sub-cases, or kept changing
        indexed = None
    if indexed is None:
        _log.warning("copy_relation_incomplete", original_id=original_id, copy_id=copy.id)
    return indexed is not None


# --- helpers ------------------------------------------------------------------------------------


async def _readable(
    cases: CaseRepository, registers: RegisterReplicas, caller: User, case_ids: Sequence[str]
) -> dict[str, Case]:
    """The cases among `case_ids` that exist and the caller may read (CASE-07)."""
    found = await cases.get_many(case_ids)
    if not any(case.confidential for case in found.values()):
        return found
    reader = await registers.users.get(caller.id)
    return {
        case_id: case
        for case_id, case in found.items()
        if may_read(confidential=case.confidential, inbox_id=case.inbox_id, reader=reader)
    }


async def _view(
    cases: CaseRepository, registers: RegisterReplicas, caller: User, clipboard: Clipboard
) -> ClipboardView:
    readable = await _readable(cases, registers, caller, clipboard.case_ids)
    shown = [readable[case_id] for case_id in clipboard.case_ids if case_id in readable]
    inbox_ids = sorted({case.inbox_id for case in shown})
    inboxes = await registers.inboxes.find({"_id": {"$in": inbox_ids}}) if inbox_ids else []
    return ClipboardView(
        clipboard=clipboard, cases=shown, inbox_names={inbox.inbox_id: inbox.name for inbox in inboxes}
    )


async def _write(
    clipboards: ClipboardRepository, user_id: str, change: Callable[[Clipboard], Clipboard | None]
) -> Clipboard:
    """Apply the change to the latest clipboard, again when another window wrote it meanwhile."""
    for _ in range(ATTEMPTS):
        current = await clipboards.of(user_id)
        changed = change(current)
        if changed is None:
            return current
        try:
            await clipboards.store(changed)
        except ConcurrencyConflict:
            continue
        return changed
    raise ConcurrencyConflict("Urklippet ändrades samtidigt; försök igen")


def _refused(case_id: str, reason: PasteRefusal, detail: str, number: str | None = None) -> PasteResult:
    return PasteResult(case_id=case_id, outcome=PasteOutcome.REFUSED, number=number, reason=reason, detail=detail)
