"""Use cases of where a case is and who handles it: distribution, return, status."""

from arendo_contracts import CloudEvent
from arendo_contracts.events.case import CaseUpdatedV1
from arendo_contracts.events.distribution import CaseDistributedV1
from arendo_contracts.vocabulary import CaseStatus
from arendo_kit.auth import User
from arendo_kit.clock import Clock, utc_now
from arendo_kit.logging import get_logger
from arendo_kit.outbox import EventFactory
from case_service.domain.case import Case
from case_service.domain.routing import (
    StaleDistribution,
    already_applied,
    apply_distribution,
    change_status,
    return_to_customer_service,
)
from case_service.service.access import readable_current_case
from case_service.store import CaseRepository, RegisterReplicas

_log = get_logger(__name__)


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
    registers: RegisterReplicas,
    events: EventFactory,
    caller: User,
    case_id: str,
    expected_version: int,
    note: str | None,
    clock: Clock = utc_now,
) -> Case:
    case = await readable_current_case(
        cases=cases, registers=registers, caller=caller, case_id=case_id, expected_version=expected_version
    )
    returned, changes = return_to_customer_service(case, by_id=caller.id, by_name=caller.name, note=note, now=clock())
    await cases.store(
        returned, events=[events(CaseUpdatedV1(case=returned.summary(), changes=tuple(changes)), actor=caller.id)]
    )
    return returned


async def set_status(
    *,
    cases: CaseRepository,
    registers: RegisterReplicas,
    events: EventFactory,
    caller: User,
    case_id: str,
    expected_version: int,
    status: CaseStatus,
    clock: Clock = utc_now,
) -> Case:
    case = await readable_current_case(
        cases=cases, registers=registers, caller=caller, case_id=case_id, expected_version=expected_version
    )
    changed, changes = change_status(case, status, by_id=caller.id, now=clock())
    if changes:
        await cases.store(
            changed, events=[events(CaseUpdatedV1(case=changed.summary(), changes=tuple(changes)), actor=caller.id)]
        )
    return changed
