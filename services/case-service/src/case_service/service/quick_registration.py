"""Quick registration (CASE-02): a phone call registered in one step with a case type and a
description, then closed at once, opened in the case card, or handed to distribution."""

from enum import StrEnum

from arendo_contracts.events.case import CaseCreatedV1
from arendo_contracts.vocabulary import CaseStatus, Channel
from arendo_kit.auth import User
from arendo_kit.clock import Clock, utc_now
from arendo_kit.errors import InvalidInput
from arendo_kit.outbox import EventFactory
from case_service.domain.case import Case, register_case
from case_service.domain.classification import RequestedCaseType, default_title, resolve_case_types
from case_service.store import CaseNumbers, CaseRepository, RegisterReplicas


class Outcome(StrEnum):
    SAVE_AND_CLOSE = "save_and_close"  # "Spara & avsluta ärende" (Alt+S)
    SAVE_AND_OPEN = "save_and_open"  # "Spara och visa ärendekort" (Alt+V)
    SAVE_AND_DISTRIBUTE = "save_and_distribute"  # "Spara och fördela"
    # "Avbryt" stores nothing, so it never reaches the service.


async def quick_register(
    *,
    cases: CaseRepository,
    numbers: CaseNumbers,
    registers: RegisterReplicas,
    events: EventFactory,
    caller: User,
    inbox_id: str,
    case_type: str | None,
    category: str | None,
    description: str,
    channel: Channel,
    outcome: Outcome,
    clock: Clock = utc_now,
) -> Case:
    """One write: the case is stored already closed when the officer is done with it, so no
    half-finished case is ever seen and only one event is published."""
    inbox = await registers.inboxes.get(inbox_id)
    if inbox is None or not inbox.active:
        raise InvalidInput(f"Inkorgen {inbox_id} finns inte eller är inaktiverad", field="inbox_id")
    if category and not case_type:
        raise InvalidInput("Välj ärendetyp för kategorin", field="case_type")
    requested = [RequestedCaseType(case_type=case_type, category=category)] if case_type else []
    try:
        chosen = resolve_case_types(inbox.diary_plan, requested)
    except InvalidInput as error:
        raise InvalidInput(error.detail, field=(error.field or "").replace("case_types.0.", "")) from error
    now = clock()
    case = register_case(
        number=await numbers.next(now.year),
        inbox_id=inbox_id,
        registered_by=caller.id,
        now=now,
        title=default_title(chosen),
        description=description,
        channel=channel,
    )
    update: dict[str, object] = {"case_types": chosen}
    if outcome is Outcome.SAVE_AND_CLOSE:
        update.update(status=CaseStatus.CLOSED, closed_at=now)
    case = case.model_copy(update=update)
    await cases.store(case, events=[events(CaseCreatedV1(case=case.summary()), actor=caller.id)])
    return case
