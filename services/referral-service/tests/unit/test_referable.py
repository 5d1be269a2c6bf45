"""What the referral-service decides from a case summary."""

import pytest

from arendo_contracts.events.case import CaseSummary
from arendo_kit.testing.factories import case_summary
from referral_service.domain.cases import case_token, may_refer, visible_without_permission

pytestmark = pytest.mark.unit


def summary(**changes: object) -> CaseSummary:
    return case_summary(**{"status": "in_progress", **changes})


def test_the_subject_token_carries_the_case_number() -> None:
    assert case_token("2026-000123") == "[Ärende 2026-000123]"


def test_a_closed_case_is_not_referred() -> None:
    assert may_refer(summary())
    assert not may_refer(summary(status="closed"))


def test_a_confidential_case_stays_hidden_here() -> None:
    assert visible_without_permission(summary())
    assert not visible_without_permission(summary(confidential=True))
