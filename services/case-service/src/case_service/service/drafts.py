"""Use cases of drafts, "Mina utkast" (CASE-20): save, list, resume, change, discard and finish an
officer's unfinished service notes and replies."""

from collections.abc import Sequence
from dataclasses import dataclass

from arendo_kit.auth import User
from arendo_kit.clock import Clock, utc_now
from arendo_kit.errors import ConcurrencyConflict, PreconditionFailed
from arendo_kit.logging import get_logger
from arendo_kit.outbox import EventFactory
from case_service.domain.access import may_read
from case_service.domain.case import Case, Deed
from case_service.domain.deeds import check_attachments_free, deed_with_source, register_manual_deed
from case_service.domain.drafts import (
    Draft,
    DraftKind,
    check_draft_version,
    deed_kind_to_finish,
    new_draft,
    own_draft,
    revise_draft,
)
from case_service.domain.lock import refuse_if_locked_by_other
from case_service.service.access import readable_case
from case_service.service.changes import store_change
from case_service.service.deeds import attachment_refs
from case_service.store import AttachmentStore, CaseRepository, RegisterReplicas
from case_service.store.drafts import DraftRepository

# A finish races other changes to the case (it writes no version the officer read): read and redo.
FINISH_ATTEMPTS = 3

_log = get_logger(__name__)


@dataclass(frozen=True)
class ListedDraft:
    """A draft in "Mina utkast" with its case, when the author may still read that case."""

    draft: Draft
    case: Case | None


@dataclass(frozen=True)
class DraftsPage:
    items: list[ListedDraft]
    total: int


async def save_draft(
    *,
    cases: CaseRepository,
    registers: RegisterReplicas,
    attachments: AttachmentStore,
    drafts: DraftRepository,
    caller: User,
    case_id: str,
    kind: DraftKind,
    title: str | None,
    body: str,
    attachment_ids: Sequence[str] = (),
    clock: Clock = utc_now,
) -> tuple[Draft, Case]:
    """A new draft on a case the caller may read; the case itself is not changed."""
    case = await readable_case(cases=cases, registers=registers, caller=caller, case_id=case_id)
    draft = new_draft(
        author_id=caller.id,
        case_id=case.id,
        kind=kind,
        title=title,
        body=body,
        attachment_ids=attachment_ids,
        drafts_of_author=await drafts.count_of(caller.id),
        now=clock(),
    )
    await _check_attachments(attachments, case, draft)
    await drafts.store(draft)
    return draft, case


async def my_drafts(
    *, cases: CaseRepository, registers: RegisterReplicas, drafts: DraftRepository, caller: User, page: int, size: int
) -> DraftsPage:
    """The caller's drafts, the latest change first. A case the caller may no longer read (made
    confidential since) is not shown, though the caller's own draft still is."""
    listed, total = await drafts.page_of(caller.id, skip=(page - 1) * size, limit=size)
    found = await cases.get_many(d.case_id for d in listed)
    reader = await registers.users.get(caller.id)

    def readable(case_id: str) -> Case | None:
        case = found.get(case_id)
        if case is None or not may_read(confidential=case.confidential, inbox_id=case.inbox_id, reader=reader):
            return None
        return case

    return DraftsPage(items=[ListedDraft(draft=d, case=readable(d.case_id)) for d in listed], total=total)


async def my_draft(
    *, cases: CaseRepository, registers: RegisterReplicas, drafts: DraftRepository, caller: User, draft_id: str
) -> ListedDraft:
    """One of the caller's drafts, to resume writing."""
    draft = own_draft(await drafts.get(draft_id), user_id=caller.id)
    case = await cases.get(draft.case_id)
    reader = await registers.users.get(caller.id)
    if case is not None and not may_read(confidential=case.confidential, inbox_id=case.inbox_id, reader=reader):
        case = None
    return ListedDraft(draft=draft, case=case)


async def change_draft(
    *,
    cases: CaseRepository,
    registers: RegisterReplicas,
    attachments: AttachmentStore,
    drafts: DraftRepository,
    caller: User,
    draft_id: str,
    expected_version: int,
    title: str | None,
    body: str,
    attachment_ids: Sequence[str] = (),
    clock: Clock = utc_now,
) -> tuple[Draft, Case]:
    """The draft's new content, written over the version the caller read (If-Match)."""
    draft = own_draft(await drafts.get(draft_id), user_id=caller.id)
    check_draft_version(draft, expected_version)
    case = await readable_case(cases=cases, registers=registers, caller=caller, case_id=draft.case_id)
    changed = revise_draft(draft, title=title, body=body, attachment_ids=attachment_ids, now=clock())
    await _check_attachments(attachments, case, changed)
    try:
        await drafts.store(changed)
    except ConcurrencyConflict:
        raise _stale() from None
    return changed, case


async def discard_draft(
    *,
    cases: CaseRepository,
    attachments: AttachmentStore,
    drafts: DraftRepository,
    caller: User,
    draft_id: str,
    expected_version: int,
) -> None:
    """Throw the draft away, with the files uploaded for it that nothing else carries."""
    draft = own_draft(await drafts.get(draft_id), user_id=caller.id)
    check_draft_version(draft, expected_version)
    if not await drafts.delete(draft):
        raise _stale()
    await _discard_files(cases=cases, attachments=attachments, drafts=drafts, draft=draft)


async def finish_draft(
    *,
    cases: CaseRepository,
    registers: RegisterReplicas,
    attachments: AttachmentStore,
    drafts: DraftRepository,
    events: EventFactory,
    caller: User,
    draft_id: str,
    expected_version: int,
    clock: Clock = utc_now,
) -> tuple[Case, Deed]:
    """Register a note draft on its case as a deed, by the same rule as a note registered
    directly (confidentiality, another officer's lock, attachments), then remove the draft.

    The deed carries the draft id as its `source_id`, so a finish that stopped between the two
    writes only removes the draft when repeated."""
    draft = own_draft(await drafts.get(draft_id), user_id=caller.id)
    check_draft_version(draft, expected_version)
    kind = deed_kind_to_finish(draft)
    attempt = 1
    while True:
        case = await readable_case(cases=cases, registers=registers, caller=caller, case_id=draft.case_id)
        if (done := deed_with_source(case, draft.id)) is not None:
            await drafts.delete(draft)
            return case, done
        refuse_if_locked_by_other(case, user_id=caller.id, now=clock())
        refs = await attachment_refs(attachments=attachments, case_id=case.id, attachment_ids=draft.attachment_ids)
        updated, deed, changes = register_manual_deed(
            case,
            kind=kind,
            title=draft.title,
            body=draft.body,
            direction=None,
            attachments=refs,
            by_id=caller.id,
            by_name=caller.name,
            now=clock(),
            source_id=draft.id,
        )
        try:
            await store_change(cases=cases, events=events, actor=caller.id, changed=updated, changes=changes)
        except ConcurrencyConflict:
            if attempt >= FINISH_ATTEMPTS:
                raise ConcurrencyConflict("Ärendet ändrades samtidigt; försök igen") from None
            attempt += 1
            continue
        if not await drafts.delete(draft):
            # Changed in another tab after the finish began: the deed holds the version the officer
            # finished, and the newer text stays as a draft rather than being lost.
            _log.info("draft_changed_while_finishing", draft_id=draft.id, case_id=case.id)
        return updated, deed


async def _check_attachments(attachments: AttachmentStore, case: Case, draft: Draft) -> None:
    """The draft's files must be uploaded to its case and not carried by a deed already."""
    refs = await attachment_refs(attachments=attachments, case_id=case.id, attachment_ids=draft.attachment_ids)
    check_attachments_free(case, refs)


async def _discard_files(
    *, cases: CaseRepository, attachments: AttachmentStore, drafts: DraftRepository, draft: Draft
) -> None:
    """Remove the files the author uploaded for the discarded draft, unless a deed, an internal
    note or another draft carries them."""
    if not draft.attachment_ids:
        return
    case = await cases.get(draft.case_id)
    used: set[str] = set()
    if case is not None:
        used |= {a.file_id for deed in case.deeds for a in deed.attachments}
        used |= {a.file_id for note in case.notes for a in note.attachments}
    used |= {file_id for other in await drafts.of_case(draft.case_id) for file_id in other.attachment_ids}
    for record in await attachments.of_case(draft.case_id, draft.attachment_ids):
        if record.id not in used and record.uploaded_by == draft.author_id:
            await attachments.delete(record.id)


def _stale() -> PreconditionFailed:
    return PreconditionFailed("Utkastet ändrades samtidigt någon annanstans; läs om det", field="If-Match")
