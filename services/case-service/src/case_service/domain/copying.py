"""Pasting a copied case (CASE-29): a new case in the target inbox, registered now by the one who
pastes, with the original's metadata and (whole) its deeds; no I/O.

The copy is new work: status new, no officer, none of the original's internal notes, alerts,
lock, relations or officer history. It is born a sub-case of the original ("Kopia av <number>"),
so the claim half of the relation is in the copy's first write; the original's index half is
written after it (see `service.clipboard`).
"""

import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from arendo_contracts.events.inbox import DiaryPlanEntry
from arendo_contracts.vocabulary import CaseStatus
from arendo_kit.errors import Conflict
from case_service.domain.card_fields import CaseTypeChoice
from case_service.domain.case import AttachmentRef, Case, Deed
from case_service.domain.classification import fold
from case_service.domain.clipboard import PasteContent
from case_service.domain.relation_values import CaseRelation
from case_service.domain.relations import MAX_SUB_CASES


def copy_description(original: Case) -> str:
    """The relation's description on both cases."""
    return f"Kopia av {original.number}"


@dataclass(frozen=True)
class CaseCopy:
    case: Case
    dropped_case_types: tuple[str, ...]  # labels of the original's choices the target plan does not offer


def check_copyable(original: Case) -> None:
    """The original must be able to list one more sub-case, or the relation could not be completed."""
    if len(original.sub_cases) >= MAX_SUB_CASES:
        raise Conflict(
            f"Ärendet {original.number} har redan {MAX_SUB_CASES} underärenden; en kopia kan inte relateras till det",
            field="case_ids",
        )


def kept_case_types(
    choices: Sequence[CaseTypeChoice], plan: Sequence[DiaryPlanEntry]
) -> tuple[tuple[CaseTypeChoice, ...], tuple[str, ...]]:
    """The case types the target inbox's diary plan offers, as it spells them and with its linked
    knowledge entries; and the labels of those not kept as they were. A type kept whose category
    the plan does not offer keeps the type alone (and its label is reported)."""
    by_name = {fold(entry.case_type): entry for entry in plan}
    kept: list[CaseTypeChoice] = []
    dropped: list[str] = []
    for choice in choices:
        entry = by_name.get(fold(choice.case_type))
        if entry is None or any(k.case_type == entry.case_type for k in kept):
            dropped.append(choice.label)
            continue
        category: str | None = None
        if choice.category is not None:
            category = {fold(c): c for c in entry.categories}.get(fold(choice.category))
            if category is None:
                dropped.append(choice.label)
        kept.append(CaseTypeChoice(case_type=entry.case_type, category=category, kb_entry_ids=entry.kb_entry_ids))
    return tuple(kept), tuple(dropped)


def attached_files(deeds: Iterable[Deed]) -> list[AttachmentRef]:
    """The files the deeds carry, each once, in deed order: what a whole copy duplicates."""
    seen: dict[str, AttachmentRef] = {}
    for deed in deeds:
        for ref in deed.attachments:
            seen.setdefault(ref.file_id, ref)
    return list(seen.values())


def copy_deeds(deeds: Iterable[Deed], files: Mapping[str, AttachmentRef]) -> tuple[Deed, ...]:
    """Each deed again under a new id, the same in all it says, carrying the copied files
    (`files` maps an original file id to its copy). The source id stays behind: it guards the
    original against a redelivered distribution, which means nothing to the copy."""
    return tuple(
        Deed(
            id=str(uuid.uuid4()),
            kind=deed.kind,
            title=deed.title,
            body=deed.body,
            body_format=deed.body_format,
            author_id=deed.author_id,
            author_name=deed.author_name,
            at=deed.at,
            visible_to_customer=deed.visible_to_customer,
            direction=deed.direction,
            attachments=tuple(files[ref.file_id] for ref in deed.attachments),
        )
        for deed in deeds
    )


def copy_case(
    original: Case,
    *,
    case_id: str,
    number: str,
    inbox_id: str,
    plan: Sequence[DiaryPlanEntry],
    content: PasteContent,
    by_id: str,
    now: datetime,
    files: Mapping[str, AttachmentRef] | None = None,
) -> CaseCopy:
    """The copy as it is first stored (version 1). `files` (whole only) maps each file the deeds
    carry to its copy, stored with `case_id` beforehand."""
    check_copyable(original)
    case_types, dropped = kept_case_types(original.case_types, plan)
    deeds = copy_deeds(original.deeds, files or {}) if content is PasteContent.WHOLE else ()
    copy = Case(
        id=case_id,
        version=1,
        number=number,
        title=original.title,
        description=original.description,
        status=CaseStatus.NEW,
        priority=original.priority,
        channel=original.channel,
        inbox_id=inbox_id,
        customer_wants_answer=original.customer_wants_answer,
        preferred_reply_form=original.preferred_reply_form,
        arrived_at=original.arrived_at,
        event_date=original.event_date,
        registered_at=now,
        registered_by=by_id,
        customer=original.customer,
        linked_property=original.linked_property,
        case_types=case_types,
        areas=original.areas,
        organisations=original.organisations,
        personal_data=original.personal_data,
        confidential=original.confidential,
        confidentiality_paragraph_id=original.confidentiality_paragraph_id,
        confidentiality_paragraph_code=original.confidentiality_paragraph_code,
        deeds=deeds,
        main_case=CaseRelation(
            case_id=original.id,
            case_number=original.number,
            description=copy_description(original),
            related_by=by_id,
            related_at=now,
        ),
    )
    return CaseCopy(case=copy, dropped_case_types=dropped)
