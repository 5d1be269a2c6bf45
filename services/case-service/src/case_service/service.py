"""Use cases of the case-service: plain async functions with keyword-only dependencies."""

from datetime import datetime
from typing import Any

from arendo_contracts import CloudEvent
from arendo_contracts.events.case import CaseCreatedV1, CaseUpdatedV1
from arendo_contracts.events.inbox import UserCreatedV1, UserUpdatedV1
from arendo_contracts.vocabulary import Channel, Priority
from arendo_kit.auth import User
from arendo_kit.clock import Clock, utc_now
from arendo_kit.errors import InvalidInput, PreconditionFailed
from arendo_kit.outbox import EventFactory
from arendo_kit.projections import inbox_snapshot_of
from case_service.domain.case import Case, register_case, revise_case
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


async def update_case(
    *,
    cases: CaseRepository,
    events: EventFactory,
    caller: User,
    case_id: str,
    expected_version: int,
    changes: dict[str, Any],
) -> Case:
    case = await cases.require(case_id)
    if case.version != expected_version:
        raise PreconditionFailed(
            f"Ärendet har ändrats (version {case.version}, du utgick från {expected_version}); läs om det",
            field="If-Match",
        )
    revised, recorded = revise_case(case, changes)
    if not recorded:
        return case
    await cases.store(
        revised, events=[events(CaseUpdatedV1(case=revised.summary(), changes=recorded), actor=caller.id)]
    )
    return revised


async def replicate_register(*, registers: RegisterReplicas, event: CloudEvent) -> None:
    """Keep the local copy of inboxes and users; an older or repeated event changes nothing."""
    if (inbox := inbox_snapshot_of(event)) is not None:
        await registers.inboxes.apply(inbox)
        return
    match event.routing_key:
        case UserCreatedV1.routing_key:
            await registers.users.apply(event.unwrap(UserCreatedV1).user)
        case UserUpdatedV1.routing_key:
            await registers.users.apply(event.unwrap(UserUpdatedV1).user)
        case _:
            pass  # a register event this version does not replicate
