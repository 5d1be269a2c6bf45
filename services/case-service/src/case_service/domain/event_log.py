"""The event log of a case (CASE-15, händelser): who changed what when, from old to new; no I/O.

The log is a projection of the case-service's own `case.*.v1` events: a registration becomes one
entry, each field change of an update one entry. Entries are identified by event id and position,
so a redelivered event writes the same entries again instead of new ones.
"""

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from arendo_contracts.events.case import FieldChange
from arendo_kit.text import fold, swedish_sort_key
from case_service.domain.labels import field_label

SYSTEM_ACTOR = "system"
SYSTEM_NAME = "System"


class EventType(StrEnum):
    REGISTERED = "registered"
    CHANGED = "changed"
    STATUS = "status"
    OFFICER = "officer"
    MOVED = "moved"
    RELATION = "relation"
    LINK = "link"
    ALERT = "alert"
    DEED = "deed"
    NOTE = "note"
    LOCK = "lock"
    CLASSIFICATION = "classification"
    CUSTOMER = "customer"
    CONFIDENTIALITY = "confidentiality"
    REOPENING = "reopening"


EVENT_TYPE_LABELS: dict[str, str] = {
    EventType.REGISTERED: "Ärendet registrerat",
    EventType.CHANGED: "Ändring",
    EventType.STATUS: "Statusändring",
    EventType.OFFICER: "Byte av handläggare",
    EventType.MOVED: "Flyttat till annan inkorg",
    EventType.RELATION: "Relation",
    EventType.LINK: "Länkrelation",
    EventType.ALERT: "Varning",
    EventType.DEED: "Handling registrerad",
    EventType.NOTE: "Anteckning",
    EventType.LOCK: "Låsning",
    EventType.CLASSIFICATION: "Klassificering",
    EventType.CUSTOMER: "Kunduppgifter",
    EventType.CONFIDENTIALITY: "Sekretess",
    EventType.REOPENING: "Återöppning",
}

_TYPE_OF_FIELD: dict[str, EventType] = {
    "status": EventType.STATUS,
    "closed_at": EventType.STATUS,
    "reopen_reason": EventType.REOPENING,
    "scheduled_reopen": EventType.REOPENING,
    "officer": EventType.OFFICER,
    "inbox_id": EventType.MOVED,
    "feedback_required": EventType.MOVED,
    "main_case": EventType.RELATION,
    "sub_case": EventType.RELATION,
    "link": EventType.LINK,
    "link_description": EventType.LINK,
    "alert": EventType.ALERT,
    "deed": EventType.DEED,
    "note": EventType.NOTE,
    "notes": EventType.NOTE,
    "lock": EventType.LOCK,
    "locked_by": EventType.LOCK,
    "case_types": EventType.CLASSIFICATION,
    "case_type": EventType.CLASSIFICATION,
    "areas": EventType.CLASSIFICATION,
    "area": EventType.CLASSIFICATION,
    "organisations": EventType.CLASSIFICATION,
    "organisation": EventType.CLASSIFICATION,
    "confidential": EventType.CONFIDENTIALITY,
    "confidentiality_paragraph": EventType.CONFIDENTIALITY,
}


def type_of_field(field: str) -> EventType:
    """The event type a field change is listed under; the customer's fields share one type."""
    if field in _TYPE_OF_FIELD:
        return _TYPE_OF_FIELD[field]
    if field == "customer" or field.startswith("customer."):
        return EventType.CUSTOMER
    return EventType.CHANGED


def type_label(event_type: str) -> str:
    return EVENT_TYPE_LABELS.get(event_type, event_type)


class EventLogEntry(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: str  # "<event id>:<position>"
    case_id: str
    event_id: str
    seq: int  # the position of the change within its event
    at: datetime
    actor_id: str
    actor_name: str
    type: EventType
    field: str | None = None
    old: str | None = None
    new: str | None = None


def entries_of_created(
    *, event_id: str, case_id: str, at: datetime, actor_id: str, actor_name: str
) -> list[EventLogEntry]:
    return [
        EventLogEntry(
            id=f"{event_id}:0",
            case_id=case_id,
            event_id=event_id,
            seq=0,
            at=at,
            actor_id=actor_id,
            actor_name=actor_name,
            type=EventType.REGISTERED,
        )
    ]


def entries_of_changes(
    *, event_id: str, case_id: str, at: datetime, actor_id: str, actor_name: str, changes: Sequence[FieldChange]
) -> list[EventLogEntry]:
    return [
        EventLogEntry(
            id=f"{event_id}:{seq}",
            case_id=case_id,
            event_id=event_id,
            seq=seq,
            at=at,
            actor_id=actor_id,
            actor_name=actor_name,
            type=type_of_field(change.field),
            field=change.field,
            old=change.old,
            new=change.new,
        )
        for seq, change in enumerate(changes)
    ]


def actor_display_name(actor_id: str, known_name: str | None) -> str:
    if known_name:
        return known_name
    return SYSTEM_NAME if actor_id == SYSTEM_ACTOR else actor_id


# --- reading the log --------------------------------------------------------------------------


class SortColumn(StrEnum):
    AT = "at"
    TYPE = "type"
    FIELD = "field"
    ACTOR = "actor"


class GroupColumn(StrEnum):
    TYPE = "type"
    ACTOR = "actor"
    FIELD = "field"


@dataclass(frozen=True)
class LogFilter:
    type: EventType | None = None
    since: datetime | None = None
    until: datetime | None = None
    officer: str | None = None  # a user id, or part of a name


@dataclass(frozen=True)
class Group:
    key: str
    label: str
    count: int


def select(entries: Iterable[EventLogEntry], wanted: LogFilter) -> list[EventLogEntry]:
    """Entries of the type, within [since, until] (both inclusive) and by the officer."""
    officer = fold(wanted.officer.strip()) if wanted.officer and wanted.officer.strip() else None
    chosen = []
    for entry in entries:
        if wanted.type is not None and entry.type is not wanted.type:
            continue
        if wanted.since is not None and entry.at < wanted.since:
            continue
        if wanted.until is not None and entry.at > wanted.until:
            continue
        if officer is not None and officer != fold(entry.actor_id) and officer not in fold(entry.actor_name):
            continue
        chosen.append(entry)
    return chosen


def _sort_key(entry: EventLogEntry, column: SortColumn) -> tuple[str, ...]:
    match column:
        case SortColumn.TYPE:
            return (swedish_sort_key(type_label(entry.type)),)
        case SortColumn.FIELD:
            return (swedish_sort_key(field_label(entry.field) or ""),)
        case SortColumn.ACTOR:
            return (swedish_sort_key(entry.actor_name),)
        case SortColumn.AT:
            return ()


def sort_entries(
    entries: Iterable[EventLogEntry], column: SortColumn = SortColumn.AT, *, descending: bool = True
) -> list[EventLogEntry]:
    """By the column (alphabetically by what the officer sees), then by time, both in the chosen
    direction; changes of one event keep their order."""
    return sorted(
        entries,
        key=lambda e: (*_sort_key(e, column), e.at, e.event_id, e.seq),
        reverse=descending,
    )


def group_key(entry: EventLogEntry, column: GroupColumn) -> tuple[str, str]:
    """The group an entry falls in: (key, label)."""
    match column:
        case GroupColumn.TYPE:
            return entry.type.value, type_label(entry.type)
        case GroupColumn.ACTOR:
            return entry.actor_id, entry.actor_name
        case GroupColumn.FIELD:
            return entry.field or "", field_label(entry.field) or type_label(entry.type)


def group(entries: Sequence[EventLogEntry], column: GroupColumn) -> tuple[list[EventLogEntry], list[Group]]:
    """The entries ordered group by group (groups alphabetically by label; the entries keep their
    order within a group), and the groups with their counts."""
    counts: Counter[str] = Counter()
    labels: dict[str, str] = {}
    for entry in entries:
        key, label = group_key(entry, column)
        counts[key] += 1
        labels.setdefault(key, label)
    groups = sorted(
        (Group(key=key, label=labels[key], count=count) for key, count in counts.items()),
        key=lambda g: (swedish_sort_key(g.label), g.key),
    )
    position = {g.key: index for index, g in enumerate(groups)}
    ordered = sorted(entries, key=lambda entry: position[group_key(entry, column)[0]])
    return ordered, groups
