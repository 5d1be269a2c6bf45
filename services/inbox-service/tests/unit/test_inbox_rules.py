"""Inbox-service rules without I/O: the register rules and the inbox view's order."""

from datetime import UTC, datetime

import pytest

from arendo_contracts.events.case import CaseSummary
from arendo_contracts.events.inbox import DiaryPlanEntry, NotificationSettings
from arendo_contracts.vocabulary import InboxKind, Role
from arendo_kit.errors import InvalidInput
from inbox_service.domain.inbox_view import NO_OFFICER, officer_label, row_from_summary, visible_to
from inbox_service.domain.registers import new_inbox, new_user

pytestmark = pytest.mark.unit


def summary(priority: str) -> CaseSummary:
    now = datetime(2026, 1, 1, tzinfo=UTC)
    return CaseSummary(
        case_id="c",
        number="2026-000001",
        title="t",
        status="new",
        priority=priority,
        channel="phone",
        inbox_id="i",
        arrived_at=now,
        registered_at=now,
        version=1,
    )


def test_urgent_before_prioritised_before_the_rest() -> None:
    ranks = [row_from_summary(summary(p))["priority_rank"] for p in ("urgent", "prioritised", "normal")]
    assert ranks == sorted(ranks)
    assert len(set(ranks)) == 3


def test_a_case_without_officer_says_so_in_swedish() -> None:
    assert officer_label(None) == NO_OFFICER == "Ingen handläggare"
    assert officer_label("Anna Andersson") == "Anna Andersson"


@pytest.mark.parametrize(
    ("confidential", "permitted", "visible"), [(False, False, True), (True, False, False), (True, True, True)]
)
def test_confidential_cases_need_the_permission(confidential: bool, permitted: bool, visible: bool) -> None:
    assert visible_to(confidential=confidential, may_read_confidential=permitted) is visible


def make_inbox(**changes: object) -> object:
    options: dict[str, object] = dict(
        name="Kundtjänst",
        kind=InboxKind.WORK_GROUP,
        email=None,
        notifications=NotificationSettings(),
        reply_time_limit_hours=None,
        diary_plan=[],
    )
    return new_inbox(**{**options, **changes})  # type: ignore[arg-type]


def test_an_inbox_name_is_tidied_and_needed() -> None:
    inbox = make_inbox(name="  Kund   tjänst ")
    assert inbox.name == "Kund tjänst"  # type: ignore[attr-defined]
    with pytest.raises(InvalidInput) as error:
        make_inbox(name="   ")
    assert error.value.field == "name"


def test_a_case_type_only_once_per_diary_plan() -> None:
    plan = [DiaryPlanEntry(case_type="Bygglov"), DiaryPlanEntry(case_type="bygglov ")]
    with pytest.raises(InvalidInput) as error:
        make_inbox(diary_plan=plan)
    assert error.value.field == "diary_plan"


def user(**changes: object) -> object:
    options: dict[str, object] = dict(
        username="anna", name="Anna", email=None, roles=[Role.OFFICER], inbox_ids=["a"], confidential_inbox_ids=[]
    )
    return new_user(**{**options, **changes})  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"username": "A nna"}, "username"),
        ({"roles": []}, "roles"),
        ({"confidential_inbox_ids": ["b"]}, "confidential_inbox_ids"),
    ],
)
def test_user_rules_name_the_field(changes: dict[str, object], field: str) -> None:
    with pytest.raises(InvalidInput) as error:
        user(**changes)
    assert error.value.field == field


def test_usernames_are_lower_case() -> None:
    assert user(username="Anna.Andersson").username == "anna.andersson"  # type: ignore[attr-defined]
