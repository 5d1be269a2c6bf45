"""The event log (CASE-15): entries from case events, filters, sorting and grouping, without I/O."""

from datetime import UTC, datetime, timedelta

import pytest

from arendo_contracts.events.case import FieldChange
from case_service.domain.event_log import (
    EventLogEntry,
    EventType,
    GroupColumn,
    LogFilter,
    SortColumn,
    actor_display_name,
    entries_of_changes,
    entries_of_created,
    group,
    select,
    sort_entries,
    type_of_field,
)
from case_service.domain.labels import field_label, value_label

pytestmark = pytest.mark.unit

T0 = datetime(2026, 11, 28, 8, 0, tzinfo=UTC)


def changes_at(
    minutes: int, actor: tuple[str, str], *changes: tuple[str, str | None, str | None]
) -> list[EventLogEntry]:
    return entries_of_changes(
        event_id=f"e-{minutes}",
        case_id="c-1",
        at=T0 + timedelta(minutes=minutes),
        actor_id=actor[0],
        actor_name=actor[1],
        changes=[FieldChange(field=f, old=o, new=n) for f, o, n in changes],
    )


ANNA, BENGT, SYSTEM = ("u-anna", "Anna Andersson"), ("u-bengt", "Bengt Berg"), ("system", "System")


def a_log() -> list[EventLogEntry]:
    return [
        *entries_of_created(event_id="e-0", case_id="c-1", at=T0, actor_id=ANNA[0], actor_name=ANNA[1]),
        *changes_at(10, ANNA, ("priority", "normal", "urgent"), ("title", "Fråga", "Fråga om altan")),
        *changes_at(20, BENGT, ("status", "new", "in_progress")),
        *changes_at(30, SYSTEM, ("alert", None, "Kundsvar inkommit")),
        *changes_at(40, BENGT, ("officer", None, "Bengt Berg"), ("status", "in_progress", "waiting")),
    ]


def test_a_registration_is_one_entry_and_an_update_one_per_changed_field() -> None:
    log = a_log()
    assert [(e.type, e.field, e.old, e.new) for e in log[:3]] == [
        (EventType.REGISTERED, None, None, None),
        (EventType.CHANGED, "priority", "normal", "urgent"),
        (EventType.CHANGED, "title", "Fråga", "Fråga om altan"),
    ]
    # Ids come from the event and the position: a redelivered event gives the same entries.
    assert [e.id for e in log[1:3]] == ["e-10:0", "e-10:1"]
    assert changes_at(10, ANNA, ("priority", "normal", "urgent"))[0].id == "e-10:0"


@pytest.mark.parametrize(
    ("field", "expected"),
    [
        ("status", EventType.STATUS),
        ("officer", EventType.OFFICER),
        ("inbox_id", EventType.MOVED),
        ("sub_case", EventType.RELATION),
        ("main_case", EventType.RELATION),
        ("link", EventType.LINK),
        ("alert", EventType.ALERT),
        ("deed", EventType.DEED),
        ("locked_by", EventType.LOCK),
        ("case_types", EventType.CLASSIFICATION),
        ("customer", EventType.CUSTOMER),
        ("priority", EventType.CHANGED),
        ("a_field_added_later", EventType.CHANGED),
    ],
)
def test_each_field_falls_under_an_event_type(field: str, expected: EventType) -> None:
    assert type_of_field(field) is expected


def test_fields_and_values_are_shown_in_swedish() -> None:
    assert field_label("priority") == "Prioritet"
    assert field_label("inbox_id") == "Inkorg"
    assert field_label("a_field_added_later") == "a_field_added_later"
    assert value_label("status", "in_progress") == "Pågående"
    assert value_label("priority", "urgent") == "Akut"
    assert value_label("customer_wants_answer", "true") == "Ja"
    assert value_label("title", "Fråga") == "Fråga"
    assert actor_display_name("system", None) == "System"
    assert actor_display_name("u-okand", None) == "u-okand"
    assert actor_display_name("u-anna", "Anna Andersson") == "Anna Andersson"


def test_filter_by_type_dates_both_inclusive_and_officer_by_id_or_name() -> None:
    log = a_log()
    assert [e.field for e in select(log, LogFilter(type=EventType.STATUS))] == ["status", "status"]
    window = LogFilter(since=T0 + timedelta(minutes=10), until=T0 + timedelta(minutes=30))
    assert [e.at.minute for e in select(log, window)] == [10, 10, 20, 30]
    assert {e.actor_id for e in select(log, LogFilter(officer="u-bengt"))} == {"u-bengt"}
    assert {e.actor_id for e in select(log, LogFilter(officer="anna"))} == {"u-anna"}
    assert {e.actor_id for e in select(log, LogFilter(officer="andersson", type=EventType.REGISTERED))} == {"u-anna"}
    assert select(log, LogFilter(officer="  ")) == log


def test_sort_by_any_column_both_ways() -> None:
    log = a_log()
    newest = sort_entries(log)
    assert [e.at.minute for e in newest] == [40, 40, 30, 20, 10, 10, 0]
    oldest = sort_entries(log, descending=False)
    assert [(e.at.minute, e.field) for e in oldest[:3]] == [(0, None), (10, "priority"), (10, "title")]
    by_actor = sort_entries(log, SortColumn.ACTOR, descending=False)
    assert [e.actor_name for e in by_actor] == ["Anna Andersson"] * 3 + ["Bengt Berg"] * 3 + ["System"]
    by_actor_desc = sort_entries(log, SortColumn.ACTOR)
    assert by_actor_desc[0].actor_name == "System"
    assert by_actor_desc[-1].actor_name == "Anna Andersson"
    by_field = [field_label(e.field) or "" for e in sort_entries(log, SortColumn.FIELD, descending=False)]
    assert by_field == sorted(by_field, key=str.casefold)
    # Alphabetically as a Swedish reader expects: å, ä, ö after z.
    by_type = [e.type for e in sort_entries(log, SortColumn.TYPE, descending=False)]
    assert by_type == [
        EventType.OFFICER,  # Byte av handläggare
        EventType.STATUS,  # Statusändring
        EventType.STATUS,
        EventType.ALERT,  # Varning
        EventType.CHANGED,  # Ändring
        EventType.CHANGED,
        EventType.REGISTERED,  # Ärendet registrerat
    ]


def test_group_by_a_column_counts_and_orders_the_entries_group_by_group() -> None:
    entries, groups = group(sort_entries(a_log()), GroupColumn.ACTOR)
    assert [(g.key, g.label, g.count) for g in groups] == [
        ("u-anna", "Anna Andersson", 3),
        ("u-bengt", "Bengt Berg", 3),
        ("system", "System", 1),
    ]
    assert [e.actor_id for e in entries] == ["u-anna"] * 3 + ["u-bengt"] * 3 + ["system"]
    # Within a group the chosen sort order stays: newest first.
    assert [e.at.minute for e in entries[3:6]] == [40, 40, 20]
    _, by_type = group(a_log(), GroupColumn.TYPE)
    assert {(g.key, g.count) for g in by_type} == {
        ("registered", 1),
        ("changed", 2),
        ("status", 2),
        ("officer", 1),
        ("alert", 1),
    }
    _, by_field = group(a_log(), GroupColumn.FIELD)
    assert ("status", "Status", 2) in [(g.key, g.label, g.count) for g in by_field]
    assert ("", "Ärendet registrerat", 1) in [(g.key, g.label, g.count) for g in by_field]
