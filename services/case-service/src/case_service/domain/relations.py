"""Relations between cases (CASE-13, CASE-14) and link relations; no I/O.

A relation joins a main case and a sub-case and is kept on both: the sub-case's `main_case` is
the claim (a case has at most one main case, guarded by the sub-case's own version check), the
main case's `sub_cases` is the index its relations tab lists. Relations form a forest: never a
case to itself, never a cycle. The description is the message given when relating.
"""

import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from urllib.parse import urlsplit

from arendo_contracts.events.case import FieldChange
from arendo_contracts.vocabulary import CaseStatus
from arendo_kit.errors import Conflict, InvalidInput, NotFound
from arendo_kit.text import fold
from case_service.domain.case import Case
from case_service.domain.labels import STATUS_LABELS
from case_service.domain.relation_values import CaseRelation, LinkRelation

MAX_DESCRIPTION = 2_000
MAX_URL = 2_000
MAX_LINKS = 200
MAX_SUB_CASES = 500
# How far up a chain of main cases the cycle check looks; relation trees are shallow in practice.
MAX_DEPTH = 100


class Role(StrEnum):
    MAIN = "main"  # the related case is the main case of this one
    SUB = "sub"  # the related case is a sub-case of this one


# --- case relations ---------------------------------------------------------------------


def check_relatable(*, main: Case, sub: Case, main_ancestors: Sequence[str]) -> None:
    """Refuse a relation to itself, one that would close a cycle, and a second main case.
    `main_ancestors` are the ids of the main case's main case, its main case, and so on."""
    if main.id == sub.id:
        raise InvalidInput(f"Ärendet {main.number} kan inte relateras till sig självt", field="sub_case_ids")
    if sub.id in main_ancestors:
        raise Conflict(
            f"Ärendet {sub.number} är redan huvudärende till {main.number} (direkt eller via andra ärenden); "
            "relationen skulle bli en cirkel",
            field="sub_case_ids",
        )
    if sub.main_case is not None and sub.main_case.case_id != main.id:
        raise Conflict(
            f"Ärendet {sub.number} är redan underärende till {sub.main_case.case_number}; ta bort den relationen först",
            field="sub_case_ids",
        )


def claim_as_sub(
    sub: Case, main: Case, *, main_ancestors: Sequence[str], description: str, by_id: str, now: datetime
) -> tuple[Case, list[FieldChange]]:
    """The sub-case's half of a relation; nothing changes when it already names this main case."""
    check_relatable(main=main, sub=sub, main_ancestors=main_ancestors)
    if sub.main_case is not None:
        return sub, []
    relation = CaseRelation(
        case_id=main.id,
        case_number=main.number,
        description=clean_description(description),
        related_by=by_id,
        related_at=now,
    )
    changes = [FieldChange(field="main_case", old=None, new=main.number)]
    return sub.model_copy(update={"main_case": relation, "version": sub.next_version()}), changes


def index_sub_cases(
    main: Case, subs: Iterable[Case], *, description: str, by_id: str, now: datetime
) -> tuple[Case, list[FieldChange]]:
    """The main case's half: list each sub-case not yet listed (a retry lists nothing twice)."""
    listed = set(main.sub_case_ids)
    added: list[CaseRelation] = []
    for sub in subs:
        if sub.id in listed or sub.id == main.id:
            continue
        listed.add(sub.id)
        added.append(
            CaseRelation(
                case_id=sub.id,
                case_number=sub.number,
                description=clean_description(description),
                related_by=by_id,
                related_at=now,
            )
        )
    if not added:
        return main, []
    if len(main.sub_cases) + len(added) > MAX_SUB_CASES:
        raise InvalidInput(f"Ett ärende kan ha högst {MAX_SUB_CASES} underärenden", field="sub_case_ids")
    changes = [FieldChange(field="sub_case", old=None, new=relation.case_number) for relation in added]
    updated = main.model_copy(update={"sub_cases": (*main.sub_cases, *added), "version": main.next_version()})
    return updated, changes


def release_sub(sub: Case, main_id: str) -> tuple[Case, list[FieldChange]]:
    """The sub-case no longer names the main case (nothing changes when it already does not)."""
    if sub.main_case is None or sub.main_case.case_id != main_id:
        return sub, []
    changes = [FieldChange(field="main_case", old=sub.main_case.case_number, new=None)]
    return sub.model_copy(update={"main_case": None, "version": sub.next_version()}), changes


def unindex_sub(main: Case, sub_id: str) -> tuple[Case, list[FieldChange]]:
    """The main case no longer lists the sub-case (nothing changes when it already does not)."""
    gone = [relation for relation in main.sub_cases if relation.case_id == sub_id]
    if not gone:
        return main, []
    kept = tuple(relation for relation in main.sub_cases if relation.case_id != sub_id)
    changes = [FieldChange(field="sub_case", old=gone[0].case_number, new=None)]
    return main.model_copy(update={"sub_cases": kept, "version": main.next_version()}), changes


def roles_towards(case: Case, other: Case) -> tuple[Case, Case] | None:
    """(main, sub) when the two cases are related, by either half of the relation; None otherwise."""
    if case.main_case_id == other.id or case.id in other.sub_case_ids:
        return other, case
    if other.main_case_id == case.id or other.id in case.sub_case_ids:
        return case, other
    return None


def inherit_case_types(sub: Case, main: Case) -> tuple[Case, list[FieldChange]]:
    """CASE-14: the sub-case's case types are replaced by the main case's."""
    if sub.case_types == main.case_types:
        return sub, []
    change = FieldChange(
        field="case_types",
        old=", ".join(choice.label for choice in sub.case_types) or None,
        new=", ".join(choice.label for choice in main.case_types) or None,
    )
    return sub.model_copy(update={"case_types": main.case_types, "version": sub.next_version()}), [change]


def clean_description(description: str | None, *, field: str = "description") -> str:
    text = (description or "").strip()
    if len(text) > MAX_DESCRIPTION:
        raise InvalidInput(f"Beskrivningen får vara högst {MAX_DESCRIPTION} tecken", field=field)
    return text


# --- the relations tab ------------------------------------------------------------------


@dataclass(frozen=True)
class RelatedCase:
    """A row of the relations tab."""

    case_id: str
    number: str
    title: str
    description: str
    status: CaseStatus
    inbox_id: str
    inbox_name: str
    role: Role
    relation_description: str
    related_at: datetime


def related_cases(case: Case, others: Mapping[str, Case], inbox_names: Mapping[str, str]) -> list[RelatedCase]:
    """The case's main case (if any) and then its sub-cases, of those in `others` (the ones the
    reader may see). A sub-case the main case lists shows only while it still names the main case,
    so a half-removed relation never shows."""
    rows: list[RelatedCase] = []
    halves: list[tuple[CaseRelation, Role]] = []
    if case.main_case is not None:
        halves.append((case.main_case, Role.MAIN))
    halves.extend((relation, Role.SUB) for relation in case.sub_cases)
    for relation, role in halves:
        other = others.get(relation.case_id)
        if other is None or (role is Role.SUB and other.main_case_id != case.id):
            continue
        rows.append(
            RelatedCase(
                case_id=other.id,
                number=other.number,
                title=other.title,
                description=other.description,
                status=other.status,
                inbox_id=other.inbox_id,
                inbox_name=inbox_names.get(other.inbox_id, other.inbox_id),
                role=role,
                relation_description=relation.description,
                related_at=relation.related_at,
            )
        )
    return rows


def filter_related(rows: Iterable[RelatedCase], query: str | None) -> list[RelatedCase]:
    """Filter by case number, title, description, status or inbox (case and accent insensitive)."""
    needle = fold((query or "").strip())
    if not needle:
        return list(rows)

    def haystack(row: RelatedCase) -> str:
        status_label = STATUS_LABELS.get(row.status, row.status.value)
        parts = (
            row.number,
            row.title,
            row.description,
            row.relation_description,
            row.status.value,
            status_label,
            row.inbox_id,
            row.inbox_name,
        )
        return fold(" ".join(parts))

    return [row for row in rows if needle in haystack(row)]


def relatable_candidates(case: Case, candidates: Iterable[Case], *, ancestors: Sequence[str]) -> list[Case]:
    """Cases that can become sub-cases of `case`: not itself, not already related to it, not one
    of its main cases (a cycle), and not already a sub-case of another case."""
    taken = {case.id, *case.sub_case_ids, *ancestors}
    if case.main_case_id is not None:
        taken.add(case.main_case_id)
    return [c for c in candidates if c.id not in taken and c.main_case is None]


# --- link relations -----------------------------------------------------------------------


def clean_url(url: str) -> str:
    text = url.strip()
    if not text:
        raise InvalidInput("Ange en webbadress", field="url")
    if len(text) > MAX_URL:
        raise InvalidInput(f"Webbadressen får vara högst {MAX_URL} tecken", field="url")
    if any(ch.isspace() or ord(ch) < 0x20 for ch in text):
        raise InvalidInput("Webbadressen får inte innehålla mellanslag", field="url")
    try:
        parts = urlsplit(text)
        port = parts.port  # raises on a port that is not a number
    except ValueError as exc:
        raise InvalidInput("Webbadressen är inte giltig", field="url") from exc
    if parts.scheme.lower() not in ("http", "https"):
        raise InvalidInput("Bara webbadresser som börjar med http:// eller https:// kan relateras", field="url")
    if not parts.hostname or (port is not None and not 0 < port < 65536):
        raise InvalidInput("Webbadressen saknar en giltig värd", field="url")
    return text


def add_link(
    case: Case, *, url: str, description: str | None, by_id: str, now: datetime
) -> tuple[Case, LinkRelation, list[FieldChange]]:
    if len(case.links) >= MAX_LINKS:
        raise InvalidInput(f"Ett ärende kan ha högst {MAX_LINKS} länkar", field="url")
    link = LinkRelation(
        id=str(uuid.uuid4()),
        url=clean_url(url),
        description=clean_description(description),
        added_by=by_id,
        added_at=now,
    )
    changes = [FieldChange(field="link", old=None, new=link.url)]
    return case.model_copy(update={"links": (*case.links, link), "version": case.next_version()}), link, changes


def edit_link(
    case: Case, link_id: str, *, url: str | None, description: str | None
) -> tuple[Case, LinkRelation, list[FieldChange]]:
    current = _link(case, link_id)
    edited = current.model_copy(
        update={
            "url": current.url if url is None else clean_url(url),
            "description": current.description if description is None else clean_description(description),
        }
    )
    if edited == current:
        return case, current, []
    changes = []
    if edited.url != current.url:
        changes.append(FieldChange(field="link", old=current.url, new=edited.url))
    if edited.description != current.description:
        changes.append(
            FieldChange(field="link_description", old=current.description or None, new=edited.description or None)
        )
    links = tuple(edited if link.id == link_id else link for link in case.links)
    return case.model_copy(update={"links": links, "version": case.next_version()}), edited, changes


def remove_link(case: Case, link_id: str) -> tuple[Case, list[FieldChange]]:
    current = _link(case, link_id)
    links = tuple(link for link in case.links if link.id != link_id)
    changes = [FieldChange(field="link", old=current.url, new=None)]
    return case.model_copy(update={"links": links, "version": case.next_version()}), changes


def filter_links(links: Iterable[LinkRelation], query: str | None) -> list[LinkRelation]:
    needle = fold((query or "").strip())
    if not needle:
        return list(links)
    return [link for link in links if needle in fold(f"{link.url} {link.description}")]


def _link(case: Case, link_id: str) -> LinkRelation:
    for link in case.links:
        if link.id == link_id:
            return link
    raise NotFound("Länken finns inte på ärendet")
