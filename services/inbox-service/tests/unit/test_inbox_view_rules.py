"""The inbox view's order, sort keys, search text and group labels, without I/O."""

from datetime import timedelta

import pytest

from arendo_contracts.events.case import CaseLockSummary
from arendo_kit.testing.factories import DEFAULT_TIME, case_summary
from inbox_service.domain.inbox_view import (
    GroupColumn,
    SortColumn,
    ViewQuery,
    fold,
    group_label,
    order_for,
    row_from_summary,
    swedish_sort_key,
)

pytestmark = pytest.mark.unit


def test_the_default_order_is_tier_then_oldest_arrival() -> None:
    assert order_for(ViewQuery()) == [("priority_rank", 1), ("arrived_at", 1), ("number", 1)]


def test_a_column_asked_for_sorts_within_the_tier_both_ways() -> None:
    assert order_for(ViewQuery(sort=SortColumn.TITLE, descending=True)) == [
        ("priority_rank", 1),
        ("sort_title", -1),
        ("number", -1),
    ]
    assert order_for(ViewQuery(sort=SortColumn.NUMBER)) == [("priority_rank", 1), ("number", 1)]


def test_grouping_puts_each_group_together_first() -> None:
    assert order_for(ViewQuery(group_by=GroupColumn.STATUS))[:2] == [("status_rank", 1), ("priority_rank", 1)]


def test_swedish_letters_sort_after_z_in_their_own_order() -> None:
    words = ["Örebro", "Ängelholm", "Zinkgruva", "Åre", "alby"]
    assert sorted(words, key=swedish_sort_key) == ["alby", "Zinkgruva", "Åre", "Ängelholm", "Örebro"]


def test_the_row_carries_what_it_is_sorted_grouped_and_searched_by() -> None:
    row = row_from_summary(
        case_summary(
            title="Snö på Östra gatan",
            priority="urgent",
            status="waiting",
            customer_display_name="Åsa Öberg",
            case_types=("Gata och trafik",),
        )
    )
    assert (row["priority_rank"], row["status_rank"], row["officer_label"]) == (0, 2, "Ingen handläggare")
    assert fold("ostra") in row["search_text"]
    assert "asa oberg" in row["search_text"]
    assert row["sort_customer"] == swedish_sort_key("Åsa Öberg")


def test_the_row_names_who_holds_the_lock_and_since_when() -> None:
    lock = CaseLockSummary(
        locked_by="u-bengt",
        locked_by_name="Bengt Berg",
        locked_at=DEFAULT_TIME,
        expires_at=DEFAULT_TIME + timedelta(minutes=30),
    )
    row = row_from_summary(case_summary(flags={"locked": True}, lock=lock))
    assert row["flags"]["locked"] is True
    assert (row["locked_by"], row["locked_by_name"], row["locked_at"]) == ("u-bengt", "Bengt Berg", DEFAULT_TIME)
    assert "lock" not in row
    unlocked = row_from_summary(case_summary())
    assert not {"locked_by", "locked_by_name", "locked_at", "lock"} & unlocked.keys()
    # A summary published before the lock travelled with it: the icon, without a name.
    older = row_from_summary(case_summary(flags={"locked": True}))
    assert older["flags"]["locked"] is True
    assert "locked_by_name" not in older


@pytest.mark.parametrize(
    ("column", "value", "label"),
    [
        (GroupColumn.STATUS, "in_progress", "Pågående"),
        (GroupColumn.PRIORITY, "urgent", "Akut"),
        (GroupColumn.CHANNEL, "e_service", "E-tjänst"),
        (GroupColumn.OFFICER, "Anna", "Anna"),
    ],
)
def test_groups_are_labelled_in_swedish(column: GroupColumn, value: str, label: str) -> None:
    assert group_label(column, value) == label
