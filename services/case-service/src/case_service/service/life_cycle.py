"""Use cases of closing (CASE-27) and reopening (CASE-28) a case: the close dialog, closing with
sub-cases, manual and scheduled reopening (a durable timer), and a customer's reply to a closed
case (a reopening within the limit, a new related case after it).

A scheduled reopening lives on the case (`scheduled_reopen`) and in a timer keyed by the case id.
The timer is written before the case, so a crash between them leaves a timer that finds nothing
to do (or follows the case's plan), never a plan without a timer.
"""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from arendo_contracts import CloudEvent
from arendo_contracts.events.case import CaseCreatedV1, ReopenReason
from arendo_contracts.events.channel import CustomerReplyReceivedV1
from arendo_contracts.vocabulary import CaseStatus
from arendo_kit.auth import User
from arendo_kit.clock import Clock, utc_now
from arendo_kit.errors import ConcurrencyConflict, InvalidInput
from arendo_kit.logging import get_logger
from arendo_kit.outbox import EventFactory
from arendo_kit.timers import Timer, TimerHandler, TimerStore
from case_service.domain.access import may_read
from case_service.domain.case import Case
from case_service.domain.life_cycle import (
    SCHEDULED_MESSAGE,
    CloseChecks,
    CloseConsent,
    ClosingQuestions,
    ReplyOutcome,
    TimerAction,
    cancel_scheduled_reopen,
    case_event,
    check_sub_case_answer,
    close_case,
    closing_questions,
    on_reopen_timer,
    open_sub_cases,
    refuse_closed_again,
    register_reply_case,
    relate_reply_case,
    reopen_as_scheduled,
    reopen_at,
    reopen_manually,
    reopen_on_reply,
    reply_case_id,
    reply_outcome,
    schedule_reopen,
)
from case_service.service.access import readable_case, readable_current_case
from case_service.service.changes import change_latest, store_change
from case_service.service.routing import StatusChangeResult, set_status_of_one
from case_service.store import CaseNumbers, CaseRepository, RegisterReplicas

SCHEDULED_REOPEN_TIMER = "scheduled-reopen"
# Reads and writes again when another change lands between them.
ATTEMPTS = 5

_log = get_logger(__name__)


# --- closing ------------------------------------------------------------------------------------


async def closing_dialog(
    *, cases: CaseRepository, registers: RegisterReplicas, caller: User, case_id: str, clock: Clock = utc_now
) -> tuple[Case, ClosingQuestions]:
    """What the close dialog must ask (or why the case cannot be closed by the caller)."""
    case = await readable_case(cases=cases, registers=registers, caller=caller, case_id=case_id)
    checks = CloseChecks.of(await registers.system_settings())
    subs = await _open_sub_cases(cases, registers, caller, case)
    return case, closing_questions(case, by_id=caller.id, checks=checks, open_subs=subs, now=clock())


@dataclass(frozen=True)
class ClosingResult:
    case: Case
    sub_cases: list[StatusChangeResult]  # each open sub-case, when asked to close them too


async def close(
    *,
    cases: CaseRepository,
    registers: RegisterReplicas,
    events: EventFactory,
    timers: TimerStore,
    caller: User,
    case_id: str,
    expected_version: int,
    consent: CloseConsent,
    close_sub_cases: bool | None = None,
    reopen_on: datetime | None = None,
    reopen_reason: str | None = None,
    clock: Clock = utc_now,
) -> ClosingResult:
    """CASE-27 "Avsluta": the case is closed by the closing rule, optionally with a reopening
    planned; then, when asked, each open sub-case by the same rule, each with its own outcome (a
    refused sub-case leaves the main case closed)."""
    case = await readable_current_case(
        cases=cases, registers=registers, caller=caller, case_id=case_id, expected_version=expected_version, clock=clock
    )
    refuse_closed_again(case)
    checks = CloseChecks.of(await registers.system_settings())
    now = clock()
    closed, changes = close_case(case, by_id=caller.id, now=now, checks=checks, consent=consent)
    subs = await _open_sub_cases(cases, registers, caller, case)
    check_sub_case_answer(subs, checks=checks, close_sub_cases=close_sub_cases)
    if reopen_on is None and reopen_reason:
        raise InvalidInput("Ange när ärendet ska återöppnas", field="reopen_at")
    if reopen_on is not None:
        at = reopen_at(reopen_on, now=now, field="reopen_at")
        if at is None:
            raise InvalidInput("Den schemalagda återöppningen måste ligga i framtiden", field="reopen_at")
        planned, more = schedule_reopen(
            closed, at=at, note=reopen_reason, by_id=caller.id, by_name=caller.name, now=now, field="reopen_reason"
        )
        closed, changes = planned.model_copy(update={"version": case.next_version()}), [*changes, *more]
        await _schedule_timer(timers, closed)
    await store_change(cases=cases, events=events, changed=closed, changes=changes, actor=caller.id)
    results: list[StatusChangeResult] = []
    if close_sub_cases:
        for sub in subs:
            results.append(
                await set_status_of_one(
                    cases=cases,
                    registers=registers,
                    events=events,
                    caller=caller,
                    case_id=sub.id,
                    status=CaseStatus.CLOSED,
                    consent=consent,
                    clock=clock,
                )
            )
    return ClosingResult(case=closed, sub_cases=results)


async def _open_sub_cases(cases: CaseRepository, registers: RegisterReplicas, caller: User, case: Case) -> list[Case]:
    """The open sub-cases the caller may see; a confidential one they may not read is neither
    shown nor closed (CASE-07)."""
    if not case.sub_cases:
        return []
    found = await cases.get_many(case.sub_case_ids)
    reader = await registers.users.get(caller.id)
    visible = [
        sub for sub in found.values() if may_read(confidential=sub.confidential, inbox_id=sub.inbox_id, reader=reader)
    ]
    return open_sub_cases(case, visible)


# --- reopening ----------------------------------------------------------------------------------


async def reopen(
    *,
    cases: CaseRepository,
    registers: RegisterReplicas,
    events: EventFactory,
    timers: TimerStore,
    caller: User,
    case_id: str,
    expected_version: int,
    at: datetime | None = None,
    reason: str | None = None,
    clock: Clock = utc_now,
) -> Case:
    """CASE-28 "Återöppna": now (no time, or one already passed), or planned for a later time."""
    case = await readable_current_case(
        cases=cases, registers=registers, caller=caller, case_id=case_id, expected_version=expected_version, clock=clock
    )
    now = clock()
    when = reopen_at(at, now=now)
    if when is None:
        reopened, changes = reopen_manually(case, by_id=caller.id, note=reason)
        await store_change(cases=cases, events=events, changed=reopened, changes=changes, actor=caller.id)
        await _drop_timer(timers, case)
        return reopened
    planned, changes = schedule_reopen(case, at=when, note=reason, by_id=caller.id, by_name=caller.name, now=now)
    if changes:
        await _schedule_timer(timers, planned)
        await store_change(cases=cases, events=events, changed=planned, changes=changes, actor=caller.id)
    return planned


async def cancel_reopen(
    *,
    cases: CaseRepository,
    registers: RegisterReplicas,
    events: EventFactory,
    timers: TimerStore,
    caller: User,
    case_id: str,
    expected_version: int,
    clock: Clock = utc_now,
) -> Case:
    """The planned reopening is dropped: from the case, then its timer."""
    case = await readable_current_case(
        cases=cases, registers=registers, caller=caller, case_id=case_id, expected_version=expected_version, clock=clock
    )
    cancelled, changes = cancel_scheduled_reopen(case, by_id=caller.id)
    await store_change(cases=cases, events=events, changed=cancelled, changes=changes, actor=caller.id)
    await _drop_timer(timers, case)
    return cancelled


async def _schedule_timer(timers: TimerStore, case: Case) -> None:
    plan = case.scheduled_reopen
    if plan is None:
        return
    payload: dict[str, Any] = {
        "case_id": case.id,
        "at": plan.at.isoformat(),
        "version": case.version,
        "by_id": plan.by_id,
    }
    await timers.schedule(kind=SCHEDULED_REOPEN_TIMER, key=case.id, due_at=plan.at, payload=payload)


async def _drop_timer(timers: TimerStore, before: Case) -> None:
    """Cancel the timer of the plan the case had, but not one a newer plan set meanwhile."""
    if before.scheduled_reopen is None:
        return
    current = await timers.get(kind=SCHEDULED_REOPEN_TIMER, key=before.id)
    if current is not None and current.get("payload", {}).get("at") == before.scheduled_reopen.at.isoformat():
        await timers.cancel(kind=SCHEDULED_REOPEN_TIMER, key=before.id)


async def reopen_when_due(
    *, cases: CaseRepository, events: EventFactory, timers: TimerStore, timer: Timer, clock: Clock = utc_now
) -> None:
    """The scheduled-reopen timer fired: reopen the case while it is still closed with that plan,
    on behalf of the officer who planned it. A concurrent change is re-read; one that keeps
    winning raises, and the timer fires again after a back-off."""
    case_id = str(timer.payload.get("case_id") or timer.key)
    planned = timer.payload.get("at")
    timer_at = datetime.fromisoformat(planned) if isinstance(planned, str) else timer.due_at
    for _ in range(ATTEMPTS):
        case = await cases.get(case_id)
        now = clock()
        action = on_reopen_timer(case, timer_at=timer_at, now=now)
        if action is TimerAction.NOTHING or case is None or case.scheduled_reopen is None:
            return
        if action is TimerAction.MOVE:
            await _schedule_timer(timers, case)
            return
        actor = case.scheduled_reopen.by_id
        reopened, changes = reopen_as_scheduled(case)
        event = case_event(reopened, changes, actor=actor, reason=ReopenReason.SCHEDULED, message=SCHEDULED_MESSAGE)
        try:
            await cases.store(reopened, events=[events(event, actor=actor)])
        except ConcurrencyConflict:
            continue
        _log.info("case_reopened_as_scheduled", case_id=case_id, planned_by=actor)
        return
    raise ConcurrencyConflict(f"case {case_id} kept changing while its scheduled reopening was due")


def scheduled_reopen_handler(
    *, cases: CaseRepository, events: EventFactory, timers: TimerStore, clock: Clock = utc_now
) -> TimerHandler:
    async def on_scheduled_reopen(timer: Timer) -> None:
        await reopen_when_due(cases=cases, events=events, timers=timers, timer=timer, clock=clock)

    return on_scheduled_reopen


# --- a customer's reply to a closed case --------------------------------------------------------


async def answer_reply_to_closed_case(
    *,
    cases: CaseRepository,
    numbers: CaseNumbers,
    registers: RegisterReplicas,
    events: EventFactory,
    event: CloudEvent,
    reply_message: str,
    clock: Clock = utc_now,
) -> bool:
    """A reply to a closed case (CASE-28): within `auto_reopen_days` of the closing the case is
    reopened with the alerts and a notification to its officer; later a new case is started,
    related to the old one, which stays closed. False when the case is not closed (or unknown):
    then the reply is only an alert."""
    reply = event.unwrap(CustomerReplyReceivedV1)
    days = (await registers.system_settings()).auto_reopen_days
    for _ in range(ATTEMPTS):
        case = await cases.get(reply.case_id)
        if case is None:
            return False
        outcome = reply_outcome(case, received_at=reply.received_at, auto_reopen_days=days, source_id=event.id)
        if outcome is ReplyOutcome.ALERT:
            return False
        if outcome is ReplyOutcome.ALREADY_HANDLED:
            return True
        if outcome is ReplyOutcome.NEW_CASE:
            await _start_reply_case(
                cases=cases,
                numbers=numbers,
                events=events,
                event=event,
                old=case,
                reply_message=reply_message,
                clock=clock,
            )
            return True
        reopened, changes = reopen_on_reply(
            case, days=days, reply_message=reply_message, source_id=event.id, now=clock()
        )
        notify = (case.officer_id,) if case.officer_id else ()
        reopened_event = case_event(
            reopened,
            changes,
            actor=event.actor,
            reason=ReopenReason.CUSTOMER_REPLY,
            message=reply_message,
            notify_user_ids=notify,
        )
        try:
            await cases.store(reopened, events=[events(reopened_event, actor=event.actor, causation_id=event.id)])
        except ConcurrencyConflict:
            continue
        _log.info("case_reopened_by_customer_reply", case_id=case.id, days=days)
        return True
    raise ConcurrencyConflict(f"case {reply.case_id} kept changing while a customer's reply reopened it")


async def _start_reply_case(
    *,
    cases: CaseRepository,
    numbers: CaseNumbers,
    events: EventFactory,
    event: CloudEvent,
    old: Case,
    reply_message: str,
    clock: Clock,
) -> None:
    """The new case first (its id follows from the event, so a redelivery starts none twice), then
    the old case's half of the relation, which a redelivery completes if it was missed."""
    reply = event.unwrap(CustomerReplyReceivedV1)
    new_id = reply_case_id(event.id)
    new = await cases.get(new_id)
    if new is None:
        now = clock()
        new = register_reply_case(
            old,
            case_id=new_id,
            number=await numbers.next(now.year),
            channel=reply.channel,
            title=reply.deed.title,
            excerpt=reply.deed.excerpt,
            received_at=reply.received_at,
            reply_message=reply_message,
            source_id=event.id,
            now=now,
        )
        created = events(CaseCreatedV1(case=new.summary()), actor=event.actor, causation_id=event.id)
        try:
            await cases.store(new, events=[created])
        except ConcurrencyConflict:
            new = await cases.require(new_id)  # another replica took the same delivery
        _log.info("case_started_by_late_reply", case_id=new.id, old_case_id=old.id)
    try:
        await change_latest(
            cases=cases,
            events=events,
            case_id=old.id,
            change=lambda current: relate_reply_case(current, new, now=clock()),
            actor=event.actor,
            causation_id=event.id,
        )
    except InvalidInput as refused:  # the old case has as many sub-cases as it may
        _log.warning("reply_case_not_listed", case_id=old.id, new_case_id=new.id, reason=refused.detail)
