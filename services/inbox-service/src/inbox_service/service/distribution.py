"""Use case of distribution (INB-05..INB-08): decide per case, record the decision and raise
the events and notification commands in the same write."""

from collections.abc import Sequence

from arendo_contracts import CloudEvent
from arendo_contracts.commands.channel import ChannelDeliverV1, DeliveryChannel, DeliveryPurpose
from arendo_contracts.events.distribution import CaseDistributedV1, CaseDistribution
from arendo_contracts.vocabulary import InboxKind
from arendo_kit.auth import User as Caller
from arendo_kit.clock import Clock, utc_now
from arendo_kit.errors import InvalidInput
from arendo_kit.outbox import EventFactory
from inbox_service.domain.distribution import (
    Actor,
    Distribution,
    Notification,
    check_request,
    customer_notification,
    inbox_notifications,
    new_distribution_id,
    outcome_for,
)
from inbox_service.domain.registers import Inbox, User
from inbox_service.store import DistributionRepository, InboxRepository, InboxViewStore, UserRepository


async def distribute(
    *,
    inboxes: InboxRepository,
    users: UserRepository,
    view: InboxViewStore,
    distributions: DistributionRepository,
    events: EventFactory,
    caller: Caller,
    case_ids: Sequence[str],
    kind: InboxKind,
    target_inbox_id: str,
    officer_id: str | None = None,
    note: str | None = None,
    notify_customer_email: str | None = None,
    require_feedback: bool = False,
    drag_and_drop: bool = False,
    clock: Clock = utc_now,
) -> Distribution:
    target = await inboxes.get(target_inbox_id)
    if target is None:
        raise InvalidInput(f"Inkorgen {target_inbox_id} finns inte", field="target_inbox_id")
    officer = await users.get(officer_id) if officer_id else None
    if officer_id and officer is None:
        raise InvalidInput(f"Användaren {officer_id} finns inte", field="officer_id")
    unique_ids = list(dict.fromkeys(case_ids))
    check_request(
        case_count=len(unique_ids),
        target=target.snapshot(),
        kind=kind,
        officer=officer,
        note=note,
        notify_customer_email=notify_customer_email,
        require_feedback=require_feedback,
        drag_and_drop=drag_and_drop,
    )
    actor = _actor(caller, await users.get(caller.id))
    rows = await view.rows(unique_ids)
    results = tuple(
        outcome_for(case_id, rows.get(case_id), actor=actor, target_inbox_id=target.id) for case_id in unique_ids
    )
    distribution = Distribution(
        id=new_distribution_id(),
        version=1,
        distributed_by=caller.id,
        distributed_at=clock(),
        target_inbox_id=target.id,
        target_kind=kind,
        officer_id=officer_id,
        note=note or None,
        require_feedback=require_feedback,
        drag_and_drop=drag_and_drop,
        notify_customer_email=notify_customer_email,
        results=results,
    )
    await distributions.store(
        distribution, events=_events(distribution, target=target, officer=officer, caller=caller, events=events)
    )
    return distribution


def _events(
    distribution: Distribution, *, target: Inbox, officer: User | None, caller: Caller, events: EventFactory
) -> list[CloudEvent]:
    moved = distribution.distributed
    raised = [
        events(
            CaseDistributedV1(
                distribution=CaseDistribution(
                    distribution_id=distribution.id,
                    case_id=result.case_id,
                    case_number=result.case_number or "",
                    from_inbox_id=result.from_inbox_id or "",
                    to_inbox_id=target.id,
                    to_inbox_name=target.name,
                    to_inbox_kind=target.kind,
                    officer_id=officer.id if officer else None,
                    officer_name=officer.name if officer else None,
                    note=distribution.note,
                    require_feedback=distribution.require_feedback,
                    drag_and_drop=distribution.drag_and_drop,
                    distributed_by=caller.id,
                    distributed_by_name=caller.name,
                )
            ),
            actor=caller.id,
        )
        for result in moved
    ]
    notifications = inbox_notifications(target.snapshot(), [r.case_number or r.case_id for r in moved])
    purposes = [DeliveryPurpose.INBOX_NOTIFICATION] * len(notifications)
    if distribution.notify_customer_email and moved:
        notifications.append(
            customer_notification(
                distribution.notify_customer_email, case_number=moved[0].case_number or "", target=target.snapshot()
            )
        )
        purposes.append(DeliveryPurpose.CUSTOMER_NOTIFICATION)
    case_id = moved[0].case_id if len(moved) == 1 else None
    raised += [
        _deliver(n, purpose, case_id=case_id, events=events, actor=caller.id)
        for n, purpose in zip(notifications, purposes, strict=True)
    ]
    return raised


def _deliver(
    notification: Notification, purpose: DeliveryPurpose, *, case_id: str | None, events: EventFactory, actor: str
) -> CloudEvent:
    command = ChannelDeliverV1(
        delivery_id=new_distribution_id(),
        channel=DeliveryChannel(notification.channel),
        to=notification.to,
        subject=notification.subject,
        body=notification.body,
        purpose=purpose,
        case_id=case_id,
    )
    return events(command, actor=actor)


def _actor(caller: Caller, member: User | None) -> Actor:
    return Actor(
        is_admin=caller.is_admin,
        inbox_ids=frozenset(member.inbox_ids) if member and member.active else frozenset(),
        confidential_inbox_ids=frozenset(member.confidential_inbox_ids) if member and member.active else frozenset(),
    )
