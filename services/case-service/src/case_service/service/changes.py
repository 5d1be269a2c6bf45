"""How every change to a case is saved: the case written whole, with its `case.updated.v1`
(carrying the summary after the change and each field's old → new) in the same write."""

from collections.abc import Sequence

from arendo_contracts.events.case import CaseUpdatedV1, FieldChange
from arendo_kit.outbox import EventFactory
from case_service.domain.case import Case
from case_service.store import CaseRepository


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
        update = CaseUpdatedV1(case=changed.summary(), changes=tuple(changes))
        await cases.store(changed, events=[events(update, actor=actor, causation_id=causation_id)])
    return changed
