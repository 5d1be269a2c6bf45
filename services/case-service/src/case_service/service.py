"""Use cases of the case-service: plain async functions with keyword-only dependencies."""

from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any

from arendo_contracts import CloudEvent
from arendo_contracts.commands.case import ReplayCaseSummariesV1
from arendo_contracts.events.case import CaseCreatedV1, CaseSnapshotV1, CaseUpdatedV1
from arendo_contracts.events.distribution import CaseDistributedV1
from arendo_contracts.events.inbox import UserCreatedV1, UserUpdatedV1
from arendo_contracts.events.registers import (
    AreaChangedV1,
    ConfidentialityParagraphChangedV1,
    OrganisationChangedV1,
    SettingsChangedV1,
    TemplateChangedV1,
)
from arendo_contracts.vocabulary import CaseStatus, Channel, Priority
from arendo_kit.auth import User
from arendo_kit.clock import Clock, utc_now
from arendo_kit.errors import InvalidInput, PreconditionFailed
from arendo_kit.logging import get_logger
from arendo_kit.outbox import EventFactory
from arendo_kit.projections import inbox_snapshot_of
from case_service.domain.case import Case, register_case, revise_case
from case_service.domain.routing import (
    StaleDistribution,
    already_applied,
    apply_distribution,
    change_status,
    return_to_customer_service,
)
from case_service.store import CaseNumbers, CaseRepository, RegisterReplicas


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


async def get_case(*, cases: CaseRepository, case_id: str) -> Case:
    return await cases.require(case_id)


_log = get_logger(__name__)

SendToQueue = Callable[[CloudEvent, str], Awaitable[None]]


async def update_case(
    *,
    cases: CaseRepository,
    events: EventFactory,
    caller: User,
    case_id: str,
    expected_version: int,
    changes: dict[str, Any],
) -> Case:
    case = await _current(cases, case_id, expected_version)
    revised, recorded = revise_case(case, changes)
    if not recorded:
        return case
    await cases.store(
        revised, events=[events(CaseUpdatedV1(case=revised.summary(), changes=recorded), actor=caller.id)]
    )
    return revised


async def replicate_register(*, registers: RegisterReplicas, event: CloudEvent) -> None:
    """Keep the local copy of the registers; an older or repeated event changes nothing."""
    if (inbox := inbox_snapshot_of(event)) is not None:
        await registers.inboxes.apply(inbox)
        return
    match event.routing_key:
        case UserCreatedV1.routing_key:
            await registers.users.apply(event.unwrap(UserCreatedV1).user)
        case UserUpdatedV1.routing_key:
            await registers.users.apply(event.unwrap(UserUpdatedV1).user)
        case AreaChangedV1.routing_key:
            await registers.areas.apply(event.unwrap(AreaChangedV1).area)
        case OrganisationChangedV1.routing_key:
            await registers.organisations.apply(event.unwrap(OrganisationChangedV1).organisation)
        case ConfidentialityParagraphChangedV1.routing_key:
            await registers.paragraphs.apply(event.unwrap(ConfidentialityParagraphChangedV1).paragraph)
        case TemplateChangedV1.routing_key:
            await registers.templates.apply(event.unwrap(TemplateChangedV1).template)
        case SettingsChangedV1.routing_key:
            await registers.settings.apply(event.unwrap(SettingsChangedV1).settings)
        case _:
            pass  # a register event this version does not replicate


async def receive_distribution(
    *, cases: CaseRepository, events: EventFactory, event: CloudEvent, clock: Clock = utc_now
) -> None:
    """Move a case the inbox-service distributed (INB-05..08); a repeated delivery changes nothing."""
    distribution = event.unwrap(CaseDistributedV1).distribution
    case = await cases.get(distribution.case_id)
    if case is None or already_applied(case, distribution.distribution_id):
        return
    try:
        moved, changes = apply_distribution(case, distribution, now=clock())
    except StaleDistribution as stale:
        # A business outcome, not a failure: retrying would not make the case come back.
        _log.warning(
            "distribution_refused", case_id=case.id, distribution_id=distribution.distribution_id, reason=stale.detail
        )
        return
    update = CaseUpdatedV1(case=moved.summary(), changes=tuple(changes))
    await cases.store(moved, events=[events(update, actor=event.actor, causation_id=event.id)])


async def return_case_to_customer_service(
    *,
    cases: CaseRepository,
    events: EventFactory,
    caller: User,
    case_id: str,
    expected_version: int,
    note: str | None,
    clock: Clock = utc_now,
) -> Case:
    case = await _current(cases, case_id, expected_version)
    returned, changes = return_to_customer_service(case, by_id=caller.id, by_name=caller.name, note=note, now=clock())
    await cases.store(
        returned, events=[events(CaseUpdatedV1(case=returned.summary(), changes=tuple(changes)), actor=caller.id)]
    )
    return returned


async def set_status(
    *,
    cases: CaseRepository,
    events: EventFactory,
    caller: User,
    case_id: str,
    expected_version: int,
    status: CaseStatus,
    clock: Clock = utc_now,
) -> Case:
    case = await _current(cases, case_id, expected_version)
    changed, changes = change_status(case, status, by_id=caller.id, now=clock())
    if changes:
        await cases.store(
            changed, events=[events(CaseUpdatedV1(case=changed.summary(), changes=tuple(changes)), actor=caller.id)]
        )
    return changed


async def _current(cases: CaseRepository, case_id: str, expected_version: int) -> Case:
    case = await cases.require(case_id)
    if case.version != expected_version:
        raise PreconditionFailed(
            f"Ärendet har ändrats (version {case.version}, du utgick från {expected_version}); läs om det",
            field="If-Match",
        )
    return case


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
