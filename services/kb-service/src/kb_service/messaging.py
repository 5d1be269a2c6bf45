"""Subscribers of the kb-service."""

from arendo_kit.consumers import Subscription
from arendo_kit.projections import inbox_snapshot_subscription
from kb_service.store import DiaryPlans


def diary_plan_subscription(*, plans: DiaryPlans) -> Subscription:
    return inbox_snapshot_subscription(
        purpose="diary-plans",
        replica=plans.replica,
        description="Keeps the inboxes' diary plans, whose case types link to knowledge entries.",
    )
