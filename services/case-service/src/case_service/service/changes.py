"""How every change to a case is saved: the case written whole, with its event (carrying the
summary after the change and each field's old → new) in the same write: `case.closed.v1` when
the change closed the case, `case.reopened.v1` when it took it out of "closed", else
`case.updated.v1`."""

from collections.abc import Awaitable, Callable, Sequence

from arendo_contracts.events.case import FieldChange
from arendo_kit.auth import User
from arendo_kit.clock import Clock, utc_now
from arendo_kit.errors import ConcurrencyConflict
from arendo_kit.outbox import EventFactory
from case_service.domain.case import Case
from case_service.domain.life_cycle import case_event
from case_service.service.access import readable_current_case
from case_service.store import CaseRepository, RegisterReplicas

Change = tuple[Case, Sequence[FieldChange]]
LATEST_ATTEMPTS = 5


async def store_change(
    *,
    cases: CaseRepository,
    events: EventFactory,
    changed: Case,
    changes: Sequence[FieldChange],
    actor: str,
    causation_id: str | None = None,
) -> Case:
    """Nothing is written when nothing changed, so the version and the event log stay quiet."""
    if changes:
        update = case_event(changed, changes, actor=actor)
        await cases.store(changed, events=[events(update, actor=actor, causation_id=causation_id)])
    return changed


async def change_case(
    *,
    cases: CaseRepository,
    registers: RegisterReplicas,
    events: EventFactory,
    caller: User,
    case_id: str,
    expected_version: int,
    apply: Callable[[Case], Awaitable[Change]],
    clock: Clock = utc_now,
) -> Case:
    """A change by an officer: through the gate (confidentiality, If-Match, lock), then the rule
    `apply` gives the changed case and what changed, then the write with its event."""
    case = await readable_current_case(
        cases=cases,
        registers=registers,
        caller=caller,
        case_id=case_id,
        expected_version=expected_version,
        clock=clock,
    )
    changed, changes = await apply(case)
    return await store_change(cases=cases, events=events, actor=caller.id, changed=changed, changes=changes)


async def change_latest(
    *,
    cases: CaseRepository,
    events: EventFactory,
    case_id: str,
    change: Callable[[Case], Change],
    actor: str,
    causation_id: str | None = None,
) -> Case | None:
    """Apply a change that is the system's bookkeeping, not an officer's edit (a relation's other
    half, an alert), to the latest version of the case: no If-Match or lock, and a concurrent write
    is re-read and the change applied again. None for a case that does not exist; a change that
    keeps losing raises ConcurrencyConflict, for a consumer to retry."""
    for _ in range(LATEST_ATTEMPTS):
        current = await cases.get(case_id)
        if current is None:
            return None
        changed, changes = change(current)
        try:
            return await store_change(
                cases=cases, events=events, changed=changed, changes=changes, actor=actor, causation_id=causation_id
            )
        except ConcurrencyConflict:
            continue
    raise ConcurrencyConflict(f"Ärendet {case_id} ändrades samtidigt; försök igen så slutförs ändringen")
