"""Use cases of the case itself: registration, reading, the content panel, and replay."""

from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any

from arendo_contracts import CloudEvent
from arendo_contracts.commands.case import ReplayCaseSummariesV1
from arendo_contracts.events.case import CaseCreatedV1, CaseSnapshotV1
from arendo_contracts.vocabulary import Channel, Priority
from arendo_kit.auth import User
from arendo_kit.clock import Clock, utc_now
from arendo_kit.errors import InvalidInput
from arendo_kit.logging import get_logger
from arendo_kit.outbox import EventFactory
from case_service.domain.case import Case, register_case, revise_case
from case_service.service.access import readable_case, readable_current_case
from case_service.service.changes import store_change
from case_service.store import CaseNumbers, CaseRepository, RegisterReplicas

_log = get_logger(__name__)


SendToQueue = Callable[[CloudEvent, str], Awaitable[None]]


async def create_case(
    *,
    cases: CaseRepository,
    numbers: CaseNumbers,
    registers: RegisterReplicas,
    events: EventFactory,
    caller: User,
    inbox_id: str,
    title: str | None = None,
    description: str = "",
    channel: Channel = Channel.PHONE,
    priority: Priority = Priority.NORMAL,
    customer_wants_answer: bool = False,
    arrived_at: datetime | None = None,
    event_date: datetime | None = None,
    clock: Clock = utc_now,
) -> Case:
    inbox = await registers.inboxes.get(inbox_id)
    if inbox is None:
        raise InvalidInput(f"Inkorgen {inbox_id} finns inte", field="inbox_id")
    if not inbox.active:
        raise InvalidInput(f"Inkorgen {inbox.name} är inaktiverad", field="inbox_id")
    now = clock()
    number = await numbers.next(now.year)
    case = register_case(
        number=number,
        inbox_id=inbox_id,
        registered_by=caller.id,
        now=now,
        title=title,
        description=description,
        channel=channel,
        priority=priority,
        customer_wants_answer=customer_wants_answer,
        arrived_at=arrived_at,
        event_date=event_date,
    )
    await cases.store(case, events=[events(CaseCreatedV1(case=case.summary()), actor=caller.id)])
    return case


async def get_case(*, cases: CaseRepository, registers: RegisterReplicas, caller: User, case_id: str) -> Case:
    return await readable_case(cases=cases, registers=registers, caller=caller, case_id=case_id)


async def update_case(
    *,
    cases: CaseRepository,
    registers: RegisterReplicas,
    events: EventFactory,
    caller: User,
    case_id: str,
    expected_version: int,
    changes: dict[str, Any],
) -> Case:
    case = await readable_current_case(
        cases=cases, registers=registers, caller=caller, case_id=case_id, expected_version=expected_version
    )
    settings = await registers.system_settings()
    revised, recorded = revise_case(case, changes, event_date_visible=settings.event_date_visible)
    return await store_change(cases=cases, events=events, actor=caller.id, changed=revised, changes=recorded)


async def replay_summaries(*, cases: CaseRepository, events: EventFactory, send: SendToQueue, event: CloudEvent) -> int:
    """Send every case's summary to the queue that asked, to rebuild a projection from scratch."""
    command = event.unwrap(ReplayCaseSummariesV1)
    sent = 0
    async for batch in cases.all_in_batches():
        for case in batch:
            snapshot = events(CaseSnapshotV1(case=case.summary()), actor=command.requested_by, causation_id=event.id)
            await send(snapshot, command.reply_queue)
            sent += 1
    _log.info("case_summaries_replayed", reply_queue=command.reply_queue, cases=sent)
    return sent
