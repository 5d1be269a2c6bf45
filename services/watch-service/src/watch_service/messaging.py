"""Subscribers of the watch-service."""

from arendo_kit.consumers import Subscription
from arendo_kit.projections import case_summary_subscription
from watch_service.store import WatchedCases


def case_subscription(*, cases: WatchedCases) -> Subscription:
    return case_summary_subscription(
        purpose="cases",
        replica=cases.replica,
        description="Keeps the state of every case that watches are evaluated against.",
    )
