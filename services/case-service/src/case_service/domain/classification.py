"""Classifying a case (CASE-04, CASE-05): case types and categories from the diary plan of the
case's inbox, areas and organisations from the admin-managed registers. No I/O.

Searching is done here, not by the store: the registers are small, and matching must ignore case
and the Swedish diacritics ("ostersund" finds "Östersund"), which the store cannot do."""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from arendo_contracts.events.case import FieldChange
from arendo_contracts.events.inbox import DiaryPlanEntry
from arendo_kit.errors import InvalidInput
from arendo_kit.text import fold as fold_text
from arendo_kit.text import swedish_sort_key
from case_service.domain.card_fields import CaseTypeChoice, RegisterRef
from case_service.domain.case import DEFAULT_TITLE, Case


def fold(text: str) -> str:
    """As the kit's fold, with runs of whitespace as one space, for matching typed keywords."""
    return fold_text(" ".join(text.split()))


def matches(query: str | None, *texts: str | None) -> bool:
    """True when the folded query occurs in any of the texts; a blank query matches everything."""
    needle = fold(query or "")
    return not needle or any(text is not None and needle in fold(text) for text in texts)


# --- case types and categories (CASE-04) ----------------------------------------------------


def case_type_options(plan: Sequence[DiaryPlanEntry], query: str | None) -> list[DiaryPlanEntry]:
    """The diary-plan entries matching the keyword, in plan order; blank lists them all. When the
    type itself matches, all its categories are offered; when only categories do, just those."""
    found: list[DiaryPlanEntry] = []
    for entry in plan:
        if matches(query, entry.case_type):
            found.append(entry)
            continue
        categories = tuple(c for c in entry.categories if matches(query, c))
        if categories:
            found.append(entry.model_copy(update={"categories": categories}))
    return found


@dataclass(frozen=True)
class RequestedCaseType:
    case_type: str
    category: str | None = None


def resolve_case_types(
    plan: Sequence[DiaryPlanEntry], requested: Sequence[RequestedCaseType]
) -> tuple[CaseTypeChoice, ...]:
    """The requested types as the diary plan spells them, each with its linked knowledge entries.
    A type the plan does not offer, a category not of that type, or a type twice is refused
    naming the item (`case_types.1.category`)."""
    by_name = {fold(entry.case_type): entry for entry in plan}
    chosen: list[CaseTypeChoice] = []
    for index, item in enumerate(requested):
        entry = by_name.get(fold(item.case_type))
        if entry is None:
            raise InvalidInput(
                f"Ärendetypen {item.case_type!r} finns inte i inkorgens diarieplan",
                field=f"case_types.{index}.case_type",
            )
        if any(c.case_type == entry.case_type for c in chosen):
            raise InvalidInput(f"Ärendetypen {entry.case_type!r} är redan vald", field=f"case_types.{index}.case_type")
        category: str | None = None
        if item.category is not None and item.category.strip():
            categories = {fold(c): c for c in entry.categories}
            found = categories.get(fold(item.category))
            if found is None:
                raise InvalidInput(
                    f"Kategorin {item.category!r} hör inte till ärendetypen {entry.case_type!r}",
                    field=f"case_types.{index}.category",
                )
            category = found
        chosen.append(CaseTypeChoice(case_type=entry.case_type, category=category, kb_entry_ids=entry.kb_entry_ids))
    return tuple(chosen)


def default_title(case_types: Sequence[CaseTypeChoice]) -> str:
    """The label of the first case type (`<type> - <category>`); the plain default when there is none."""
    return case_types[0].label if case_types else DEFAULT_TITLE


def set_case_types(case: Case, case_types: tuple[CaseTypeChoice, ...]) -> tuple[Case, list[FieldChange]]:
    """Replace the case types. The title follows them while it is still a default: the registration
    default or what an earlier choice of case types made it; a title an officer wrote stays."""
    if case_types == case.case_types:
        return case, []
    changes = [FieldChange(field="case_types", old=_labels(case.case_types), new=_labels(case_types))]
    update: dict[str, object] = {"case_types": case_types, "version": case.next_version()}
    earlier_defaults = {DEFAULT_TITLE, *(choice.label for choice in case.case_types)}
    if case.title in earlier_defaults:
        title = default_title(case_types)
        if title != case.title:
            changes.append(FieldChange(field="title", old=case.title, new=title))
            update["title"] = title
    return case.model_copy(update=update), changes


def _labels(case_types: Sequence[CaseTypeChoice]) -> str | None:
    return ", ".join(choice.label for choice in case_types) or None


# --- areas and organisations (CASE-05) --------------------------------------------------------


@dataclass(frozen=True)
class RegisterItem:
    """An area or organisation as the register replica holds it."""

    id: str
    name: str
    active: bool = True
    detail: str | None = None  # matched too: an area's description


def register_options(items: Iterable[RegisterItem], query: str | None) -> list[RegisterItem]:
    """The active items matching the keyword (name or detail), in Swedish alphabetical order."""
    found = [item for item in items if item.active and matches(query, item.name, item.detail)]
    return sorted(found, key=lambda item: (swedish_sort_key(item.name), item.id))


def resolve_register_refs(
    requested_ids: Sequence[str],
    known: Mapping[str, RegisterItem],
    *,
    current: Sequence[RegisterRef],
    field: str,
    what: str,
) -> tuple[RegisterRef, ...]:
    """The chosen items, refused naming the index (`area_ids.2`) when unknown, inactive or repeated.
    An item already on the case stays choosable after it has been deactivated."""
    already = {ref.id for ref in current}
    chosen: list[RegisterRef] = []
    for index, item_id in enumerate(requested_ids):
        item = known.get(item_id)
        if item is None:
            raise InvalidInput(f"{what} {item_id!r} finns inte", field=f"{field}.{index}")
        if not item.active and item_id not in already:
            raise InvalidInput(f"{what} {item.name!r} är inaktiverat", field=f"{field}.{index}")
        if any(ref.id == item_id for ref in chosen):
            raise InvalidInput(f"{what} {item.name!r} är redan valt", field=f"{field}.{index}")
        chosen.append(RegisterRef(id=item.id, name=item.name))
    return tuple(chosen)


def set_areas(case: Case, areas: tuple[RegisterRef, ...]) -> tuple[Case, list[FieldChange]]:
    return _set_refs(case, "areas", case.areas, areas)


def set_organisations(case: Case, organisations: tuple[RegisterRef, ...]) -> tuple[Case, list[FieldChange]]:
    return _set_refs(case, "organisations", case.organisations, organisations)


def _set_refs(
    case: Case, field: str, old: tuple[RegisterRef, ...], new: tuple[RegisterRef, ...]
) -> tuple[Case, list[FieldChange]]:
    if [ref.id for ref in old] == [ref.id for ref in new]:
        return case, []
    change = FieldChange(field=field, old=_names(old), new=_names(new))
    return case.model_copy(update={field: new, "version": case.next_version()}), [change]


def _names(refs: Sequence[RegisterRef]) -> str | None:
    return ", ".join(ref.name for ref in refs) or None
