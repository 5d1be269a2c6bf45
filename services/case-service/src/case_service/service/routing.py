"""Use cases of where a case is and who handles it: distribution, return, status. A status change
that closes a case follows the closing rule of CASE-27 and publishes `case.closed.v1`; one that
takes a case out of "closed" is a manual reopening (CASE-28) and publishes `case.reopened.v1`."""

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from arendo_contracts import CloudEvent
from arendo_contracts.events.case import CaseUpdatedV1
from arendo_contracts.events.distribution import CaseDistributedV1
from arendo_contracts.vocabulary import CaseStatus
from arendo_kit.auth import User
from arendo_kit.clock import Clock, utc_now
from arendo_kit.errors import ConcurrencyConflict, DomainError, Forbidden, NotFound, PreconditionFailed
from arendo_kit.logging import get_logger
from arendo_kit.outbox import EventFactory
from case_service.domain.case import Case
from case_service.domain.life_cycle import (
    CloseChecks,
    CloseConsent,
    ConfirmationRequired,
    FeedbackRequired,
    UnansweredCustomer,
)
from case_service.domain.lock import CaseLocked
from case_service.domain.routing import (
    StaleDistribution,
    already_applied,
    apply_distribution,
    change_status,
    return_to_customer_service,
)
from case_service.service.access import NOT_FOUND, readable_current_case
from case_service.service.changes import Change, change_case, store_change
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
    async def apply(case: Case) -> Change:
        return return_to_customer_service(case, by_id=caller.id, by_name=caller.name, note=note, now=clock())

    return await change_case(
        cases=cases,
        registers=registers,
        events=events,
        caller=caller,
        case_id=case_id,
        expected_version=expected_version,
        apply=apply,
        clock=clock,
    )


async def set_status(
    *,
    cases: CaseRepository,
    registers: RegisterReplicas,
    events: EventFactory,
    caller: User,
    case_id: str,
    expected_version: int,
    status: CaseStatus,
    consent: CloseConsent = CloseConsent(),
    clock: Clock = utc_now,
) -> Case:
    """CASE-23; closing asks what the system settings ask (`consent` answers it, CASE-27)."""
    checks = CloseChecks.of(await registers.system_settings())
    case = await readable_current_case(
        cases=cases, registers=registers, caller=caller, case_id=case_id, expected_version=expected_version, clock=clock
    )
    changed, changes = change_status(case, status, by_id=caller.id, now=clock(), checks=checks, consent=consent)
    return await store_change(cases=cases, events=events, changed=changed, changes=changes, actor=caller.id)


class StatusOutcome(StrEnum):
    CHANGED = "changed"
    UNCHANGED = "unchanged"  # it already had the status
    REFUSED = "refused"


class RefusalReason(StrEnum):
    OFFICER_RULE = "officer_rule"  # the case has another officer
    FEEDBACK_REQUIRED = "feedback_required"  # a specialist group must return it instead (INB-06)
    LOCKED = "locked"  # another officer has it open (CASE-26)
    NOT_FOUND = "not_found"  # no such case, or one the caller may not read (CASE-07)
    CONFIRMATION_REQUIRED = "confirmation_required"  # closing must be confirmed (system setting, CASE-27)
    UNANSWERED = "unanswered"  # the customer wants an answer and has none; not confirmed to close anyway
    CONFLICT = "conflict"  # kept changing under us
    RULE = "rule"  # another rule of the status change


@dataclass(frozen=True)
class StatusChangeResult:
    case_id: str
    outcome: StatusOutcome
    reason: RefusalReason | None = None
    detail: str | None = None
    case: Case | None = None  # as it is after the attempt, when the caller may read it


async def set_status_of_many(
    *,
    cases: CaseRepository,
    registers: RegisterReplicas,
    events: EventFactory,
    caller: User,
    case_ids: Sequence[str],
    status: CaseStatus,
    consent: CloseConsent = CloseConsent(),
    clock: Clock = utc_now,
) -> list[StatusChangeResult]:
    """CASE-23 for several cases marked in the inbox view: each case is changed whole or not at all
    by the same use case as one case, and the answer tells for each whether and why not."""
    return [
        await set_status_of_one(
            cases=cases,
            registers=registers,
            events=events,
            caller=caller,
            case_id=case_id,
            status=status,
            consent=consent,
            clock=clock,
        )
        for case_id in dict.fromkeys(case_ids)
    ]


async def set_status_of_one(
    *,
    cases: CaseRepository,
    registers: RegisterReplicas,
    events: EventFactory,
    caller: User,
    case_id: str,
    status: CaseStatus,
    consent: CloseConsent = CloseConsent(),
    clock: Clock = utc_now,
) -> StatusChangeResult:
    """One case of many (or a sub-case closed with its main case): an outcome, never an error."""
    detail = "Ärendet ändrades samtidigt av någon annan; försök igen"
    for _ in range(3):
        current = await cases.get(case_id)
        if current is None:
            return StatusChangeResult(case_id, StatusOutcome.REFUSED, RefusalReason.NOT_FOUND, NOT_FOUND)
        try:
            changed = await set_status(
                cases=cases,
                registers=registers,
                events=events,
                caller=caller,
                case_id=case_id,
                expected_version=current.version,
                status=status,
                consent=consent,
                clock=clock,
            )
        except NotFound as error:
            return StatusChangeResult(case_id, StatusOutcome.REFUSED, RefusalReason.NOT_FOUND, error.detail)
        except (PreconditionFailed, ConcurrencyConflict) as error:
            detail = error.detail
            continue  # changed between our read and write: read it again
        except CaseLocked as error:
            return StatusChangeResult(case_id, StatusOutcome.REFUSED, RefusalReason.LOCKED, error.detail, current)
        except Forbidden as error:
            return StatusChangeResult(case_id, StatusOutcome.REFUSED, RefusalReason.OFFICER_RULE, error.detail, current)
        except DomainError as error:
            return StatusChangeResult(case_id, StatusOutcome.REFUSED, _refusal_reason(error), error.detail, current)
        outcome = StatusOutcome.CHANGED if changed.version != current.version else StatusOutcome.UNCHANGED
        return StatusChangeResult(case_id, outcome, case=changed)
    return StatusChangeResult(case_id, StatusOutcome.REFUSED, RefusalReason.CONFLICT, detail)


def _refusal_reason(error: DomainError) -> RefusalReason:
    match error:
        case FeedbackRequired():
            return RefusalReason.FEEDBACK_REQUIRED
        case ConfirmationRequired():
            return RefusalReason.CONFIRMATION_REQUIRED
        case UnansweredCustomer():
            return RefusalReason.UNANSWERED
        case _:
            return RefusalReason.RULE
