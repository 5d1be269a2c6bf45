"""Use cases of the alerts tab (CASE-16): raised by a customer's reply and by the reply-time
limit of the case's inbox, removed by an officer."""

from datetime import datetime
from typing import Any

from arendo_contracts import CloudEvent
from arendo_contracts.events.case import CaseCreatedV1, FieldChange, case_changes_of, case_summary_of
from arendo_contracts.events.channel import CustomerReplyReceivedV1
from arendo_kit.auth import User
from arendo_kit.clock import Clock, utc_now
from arendo_kit.logging import get_logger
from arendo_kit.outbox import EventFactory
from arendo_kit.timers import Timer, TimerHandler, TimerStore
from case_service.domain.alerts import (
    ReplyTimeAction,
    customer_reply_message,
    not_answered_message,
    overdue,
    plan_reply_time,
    raise_alert,
    remove_alert,
)
from case_service.domain.case import Case
from case_service.domain.relation_values import AlertKind
from case_service.service.access import readable_case
from case_service.service.changes import Change, change_case, change_latest
from case_service.service.life_cycle import answer_reply_to_closed_case
from case_service.store import CaseNumbers, CaseRepository, RegisterReplicas

REPLY_TIME_TIMER = "reply-time-limit"

_log = get_logger(__name__)


async def list_alerts(*, cases: CaseRepository, registers: RegisterReplicas, caller: User, case_id: str) -> Case:
    return await readable_case(cases=cases, registers=registers, caller=caller, case_id=case_id)


async def dismiss_alert(
    *,
    cases: CaseRepository,
    registers: RegisterReplicas,
    events: EventFactory,
    caller: User,
    case_id: str,
    expected_version: int,
    alert_id: str,
) -> Case:
    """An officer removes an alert (the red cross)."""

    async def apply(case: Case) -> Change:
        return remove_alert(case, alert_id)

    return await change_case(
        cases=cases,
        registers=registers,
        events=events,
        caller=caller,
        case_id=case_id,
        expected_version=expected_version,
        apply=apply,
    )


async def receive_customer_reply(
    *,
    cases: CaseRepository,
    numbers: CaseNumbers,
    registers: RegisterReplicas,
    events: EventFactory,
    event: CloudEvent,
    clock: Clock = utc_now,
) -> None:
    """A customer's reply arrived (channel-gateway): alert "Kundsvar inkommit" on the case; a closed
    case is reopened, or a new case started, as CASE-28 says."""
    reply = event.unwrap(CustomerReplyReceivedV1)
    message = customer_reply_message(channel=reply.channel, title=reply.deed.title, sender=reply.deed.sender)
    if await answer_reply_to_closed_case(
        cases=cases,
        numbers=numbers,
        registers=registers,
        events=events,
        event=event,
        reply_message=message,
        clock=clock,
    ):
        return
    await raise_case_alert(
        cases=cases,
        events=events,
        case_id=reply.case_id,
        kind=AlertKind.CUSTOMER_REPLY_RECEIVED,
        message=message,
        source_id=event.id,
        actor=event.actor,
        causation_id=event.id,
        now=clock(),
    )


async def raise_case_alert(
    *,
    cases: CaseRepository,
    events: EventFactory,
    case_id: str,
    kind: AlertKind,
    message: str,
    source_id: str,
    actor: str,
    now: datetime,
    causation_id: str | None = None,
) -> Case | None:
    """Raise an alert on the latest version of the case, once per source; None for a case that
    does not exist. A concurrent change is re-read; one that keeps winning raises, to be retried."""
    raised = await change_latest(
        cases=cases,
        events=events,
        case_id=case_id,
        change=lambda case: raise_alert(case, kind, message=message, source_id=source_id, now=now),
        actor=actor,
        causation_id=causation_id,
    )
    if raised is None:
        _log.warning("alert_for_unknown_case", case_id=case_id, kind=kind.value, source_id=source_id)
    return raised


# --- the reply-time limit ------------------------------------------------------------------------


async def track_reply_time(*, registers: RegisterReplicas, timers: TimerStore, event: CloudEvent) -> None:
    """Keep the case's reply-time timer in step with its events: started when a case is registered
    in, or moved into, an inbox with a reply-time limit; stopped by an answer or closing. An older
    event (by case version) never moves a timer a newer one set."""
    changes: tuple[FieldChange, ...] = ()
    if event.routing_key == CaseCreatedV1.routing_key:
        created = True
    elif (changed := case_changes_of(event)) is not None:
        created, changes = False, changed
    else:
        return
    summary = case_summary_of(event)
    inbox = await registers.inboxes.get(summary.inbox_id)
    limit = inbox.reply_time_limit_hours if inbox is not None else None
    plan = plan_reply_time(
        created=created, changes=changes, limit_hours=limit, arrived_at=summary.arrived_at, at=event.time
    )
    if plan.action is ReplyTimeAction.KEEP:
        return
    current = await timers.get(kind=REPLY_TIME_TIMER, key=summary.case_id)
    if current is not None and int(current.get("payload", {}).get("version", 0)) > summary.version:
        return
    if plan.action is ReplyTimeAction.CANCEL or plan.due_at is None:
        await timers.cancel(kind=REPLY_TIME_TIMER, key=summary.case_id)
        return
    payload: dict[str, Any] = {
        "case_id": summary.case_id,
        "inbox_id": summary.inbox_id,
        "hours": limit,
        "version": summary.version,
    }
    await timers.schedule(kind=REPLY_TIME_TIMER, key=summary.case_id, due_at=plan.due_at, payload=payload)


async def reply_time_expired(
    *, cases: CaseRepository, events: EventFactory, timer: Timer, clock: Clock = utc_now
) -> None:
    """The timer fired: alert "Ej besvarat inom utsatt tid" when the case is still in that inbox,
    open and unanswered; otherwise nothing."""
    case_id = str(timer.payload.get("case_id") or timer.key)
    inbox_id = str(timer.payload.get("inbox_id", ""))
    hours = int(timer.payload.get("hours") or 0)
    case = await cases.get(case_id)
    if case is None or not overdue(case, inbox_id=inbox_id):
        return
    await raise_case_alert(
        cases=cases,
        events=events,
        case_id=case_id,
        kind=AlertKind.NOT_ANSWERED_IN_TIME,
        message=not_answered_message(hours),
        source_id=f"{REPLY_TIME_TIMER}:{inbox_id}:{timer.due_at.isoformat()}",
        actor="system",
        now=clock(),
    )


def reply_time_handler(*, cases: CaseRepository, events: EventFactory, clock: Clock = utc_now) -> TimerHandler:
    async def on_reply_time_limit(timer: Timer) -> None:
        await reply_time_expired(cases=cases, events=events, timer=timer, clock=clock)

    return on_reply_time_limit
