"""Subscribers of the referral-service."""

from arendo_kit.consumers import Subscription
from arendo_kit.projections import case_summary_subscription
from referral_service.store import KnownCases


def case_subscription(*, cases: KnownCases) -> Subscription:
    return case_summary_subscription(
        purpose="cases",
        replica=cases.replica,
        description="Keeps the number, title and status of every case for referral subjects and rules.",
    )
