"""What the referral-service decides from a case summary."""

from datetime import UTC, datetime

import pytest

from arendo_contracts.events.case import CaseSummary
from referral_service.domain.cases import case_token, may_refer, visible_without_permission

pytestmark = pytest.mark.unit


def summary(**changes: object) -> CaseSummary:
    now = datetime(2026, 1, 1, tzinfo=UTC)
    data = dict(
        case_id="c",
        number="2026-000123",
        title="t",
        status="in_progress",
        priority="normal",
        channel="phone",
        inbox_id="i",
        arrived_at=now,
        registered_at=now,
        version=1,
    )
    return CaseSummary.model_validate({**data, **changes})


def test_the_subject_token_carries_the_case_number() -> None:
    assert case_token("2026-000123") == "[Ärende 2026-000123]"


def test_a_closed_case_is_not_referred() -> None:
    assert may_refer(summary())
    assert not may_refer(summary(status="closed"))


def test_a_confidential_case_stays_hidden_here() -> None:
    assert visible_without_permission(summary())
    assert not visible_without_permission(summary(confidential=True))
