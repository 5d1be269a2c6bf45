"""Distribution rules without I/O (INB-05..INB-08)."""

import pytest

from arendo_contracts.events.inbox import NotificationSettings
from arendo_contracts.vocabulary import InboxKind, Role
from arendo_kit.errors import InvalidInput
from arendo_kit.testing.factories import inbox_snapshot
from inbox_service.domain.distribution import (
    Actor,
    Outcome,
    check_request,
    customer_notification,
    inbox_notifications,
    outcome_for,
)
from inbox_service.domain.registers import User, new_user

pytestmark = pytest.mark.unit

SPECIALISTS = inbox_snapshot(
    inbox_id="bygglov",
    name="Bygglov",
    kind="specialist_group",
    notifications=NotificationSettings(email="bygglov@kommun.se", sms="+46701234567"),
)


def user(username: str, role: Role, inbox_id: str) -> User:
    return new_user(
        username=username,
        name=username.title(),
        email=None,
        roles=[role],
        inbox_ids=[inbox_id],
        confidential_inbox_ids=[],
    )


CECILIA = user("cecilia", Role.SPECIALIST, "bygglov")


def check(**changes: object) -> None:
    options: dict[str, object] = dict(
        case_count=1,
        target=SPECIALISTS,
        kind=InboxKind.SPECIALIST_GROUP,
        officer=None,
        note=None,
        notify_customer_email=None,
        require_feedback=False,
        drag_and_drop=False,
    )
    check_request(**{**options, **changes})  # type: ignore[arg-type]


def test_a_sound_request_passes() -> None:
    check(case_count=3, officer=CECILIA, note="Se bifogat", require_feedback=True)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"case_count": 0}, "case_ids"),
        ({"kind": InboxKind.WORK_GROUP}, "target_inbox_id"),
        ({"target": inbox_snapshot(kind="specialist_group", active=False)}, "target_inbox_id"),
        ({"case_count": 2, "notify_customer_email": "kund@example.se"}, "notify_customer_email"),
        (
            {"target": inbox_snapshot(kind="work_group"), "kind": InboxKind.WORK_GROUP, "require_feedback": True},
            "require_feedback",
        ),
        ({"drag_and_drop": True, "officer": CECILIA}, "drag_and_drop"),
        ({"officer": user("xavier", Role.OFFICER, "ekonomi")}, "officer_id"),
        ({"officer": user("yngve", Role.ADMIN, "bygglov")}, "officer_id"),
    ],
)
def test_requests_that_cannot_be_carried_out_name_the_field(changes: dict[str, object], field: str) -> None:
    with pytest.raises(InvalidInput) as error:
        check(**changes)
    assert error.value.field == field


ANNA = Actor(is_admin=False, inbox_ids=frozenset({"kundtjanst"}), confidential_inbox_ids=frozenset())


def row(**changes: object) -> dict[str, object]:
    return {
        "inbox_id": "kundtjanst",
        "number": "2026-000007",
        "status": "new",
        "confidential": False,
        "flags": {"locked": False},
        **changes,
    }


@pytest.mark.parametrize(
    ("the_row", "outcome"),
    [
        (row(), Outcome.DISTRIBUTED),
        (None, Outcome.NOT_FOUND),
        (row(confidential=True), Outcome.NOT_FOUND),
        (row(inbox_id="ekonomi"), Outcome.FORBIDDEN),
        (row(flags={"locked": True}), Outcome.LOCKED),
        (row(status="closed"), Outcome.CLOSED),
        (row(inbox_id="bygglov"), Outcome.FORBIDDEN),
    ],
)
def test_each_case_gets_its_own_outcome(the_row: dict[str, object] | None, outcome: Outcome) -> None:
    assert outcome_for("c-1", the_row, actor=ANNA, target_inbox_id="bygglov").outcome is outcome


def test_a_case_already_in_the_target_is_not_moved() -> None:
    admin = Actor(is_admin=True, inbox_ids=frozenset(), confidential_inbox_ids=frozenset())
    result = outcome_for("c-1", row(inbox_id="bygglov"), actor=admin, target_inbox_id="bygglov")
    assert result.outcome is Outcome.ALREADY_THERE


def test_the_target_inbox_notifies_as_it_is_set_up() -> None:
    found = inbox_notifications(SPECIALISTS, ["2026-000007", "2026-000008"])
    assert [(n.channel, n.to) for n in found] == [("email", "bygglov@kommun.se"), ("sms", "+46701234567")]
    assert "2 nya ärenden i Bygglov: 2026-000007, 2026-000008" in found[0].body
    assert inbox_notifications(inbox_snapshot(), ["2026-000007"]) == []


def test_the_customer_is_told_in_swedish_with_the_case_token() -> None:
    mail = customer_notification("kund@example.se", case_number="2026-000007", target=SPECIALISTS)
    assert mail.subject == "Ditt ärende 2026-000007 har lämnats vidare"
    assert "[Ärende 2026-000007]" in mail.body
