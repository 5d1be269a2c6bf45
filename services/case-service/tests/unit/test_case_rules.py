"""Case rules without I/O: numbering, registration defaults, revisions."""

from datetime import UTC, datetime, timedelta

import pytest

from arendo_contracts.vocabulary import Channel, Priority
from arendo_kit.errors import InvalidInput
from case_service.domain.case import DEFAULT_TITLE, format_case_number, register_case, revise_case

pytestmark = pytest.mark.unit

NOW = datetime(2026, 11, 28, 10, 0, tzinfo=UTC)


def test_case_numbers_are_year_and_six_digits() -> None:
    assert format_case_number(2026, 123) == "2026-000123"
    assert format_case_number(2027, 999_999) == "2027-999999"


@pytest.mark.parametrize("sequence", [0, -1, 1_000_000])
def test_a_sequence_outside_the_range_is_refused(sequence: int) -> None:
    with pytest.raises(ValueError, match="outside"):
        format_case_number(2026, sequence)


def test_registration_defaults_phone_and_now() -> None:
    case = register_case(number="2026-000001", inbox_id="kundtjanst", registered_by="u-1", now=NOW)
    assert case.channel is Channel.PHONE
    assert case.arrived_at == case.registered_at == case.event_date == NOW
    assert case.title == DEFAULT_TITLE
    assert case.version == 1


def test_registration_keeps_what_the_officer_gave() -> None:
    earlier = NOW - timedelta(hours=2)
    case = register_case(
        number="2026-000002",
        inbox_id="i",
        registered_by="u-1",
        now=NOW,
        title="  Trasig   lampa ",
        channel=Channel.EMAIL,
        priority=Priority.URGENT,
        arrived_at=earlier,
    )
    assert (case.title, case.channel, case.priority, case.arrived_at) == (
        "Trasig lampa",
        Channel.EMAIL,
        Priority.URGENT,
        earlier,
    )


def test_an_arrival_in_the_future_is_refused() -> None:
    with pytest.raises(InvalidInput) as error:
        register_case(number="2026-000003", inbox_id="i", registered_by="u", now=NOW, arrived_at=NOW + timedelta(1))
    assert error.value.field == "arrived_at"


def test_a_revision_records_old_and_new_and_bumps_the_version() -> None:
    case = register_case(number="2026-000004", inbox_id="i", registered_by="u", now=NOW, title="Gammal")
    revised, changes = revise_case(case, {"title": "Ny", "priority": Priority.PRIORITISED, "description": ""})
    assert revised.version == 2
    assert [(c.field, c.old, c.new) for c in changes] == [
        ("title", "Gammal", "Ny"),
        ("priority", "normal", "prioritised"),
    ]


def test_a_revision_that_changes_nothing_keeps_the_version() -> None:
    case = register_case(number="2026-000005", inbox_id="i", registered_by="u", now=NOW, title="Samma")
    revised, changes = revise_case(case, {"title": "Samma"})
    assert revised is case
    assert changes == ()


@pytest.mark.parametrize(("changes", "field"), [({"title": "   "}, "title"), ({"number": "2026-1"}, "number")])
def test_invalid_revisions_name_the_field(changes: dict[str, object], field: str) -> None:
    case = register_case(number="2026-000006", inbox_id="i", registered_by="u", now=NOW)
    with pytest.raises(InvalidInput) as error:
        revise_case(case, changes)
    assert error.value.field == field
