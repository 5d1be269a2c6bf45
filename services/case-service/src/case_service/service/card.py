"""Use cases of the case card's classification (CASE-04, CASE-05), confidentiality (CASE-07), the
read-only panel (CASE-08) and the officer (CASE-24). Every read and change of a case goes through
`service.access`, so confidential cases stay invisible and locked ones unchangeable to others."""

from collections.abc import Sequence
from dataclasses import dataclass

from arendo_contracts.events.inbox import DiaryPlanEntry, UserSnapshot
from arendo_kit.auth import User
from arendo_kit.clock import Clock, utc_now
from arendo_kit.outbox import EventFactory
from case_service.domain import classification, officer, panel, routing
from case_service.domain.case import Case
from case_service.domain.classification import RegisterItem, RequestedCaseType
from case_service.service.access import readable_case
from case_service.service.changes import Change, change_case
from case_service.store import CaseRepository, RegisterReplicas

# --- the read-only panel (CASE-08) ------------------------------------------------------------


@dataclass(frozen=True)
class CardDetails:
    """What the card shows beyond the case itself: looked up or computed when it is read."""

    inbox_name: str | None
    handling_time_seconds: int
    event_date_visible: bool


async def card_details(*, registers: RegisterReplicas, case: Case, clock: Clock = utc_now) -> CardDetails:
    inbox = await registers.inboxes.get(case.inbox_id)
    settings = await registers.system_settings()
    return CardDetails(
        inbox_name=inbox.name if inbox is not None else None,
        handling_time_seconds=panel.handling_time_seconds(case, now=clock()),
        event_date_visible=settings.event_date_visible,
    )


# --- case types (CASE-04) ---------------------------------------------------------------------


async def case_type_options(
    *, cases: CaseRepository, registers: RegisterReplicas, caller: User, case_id: str, query: str | None
) -> list[DiaryPlanEntry]:
    """The diary plan of the case's inbox matching the keyword; blank lists it all."""
    case = await readable_case(cases=cases, registers=registers, caller=caller, case_id=case_id)
    inbox = await registers.inboxes.get(case.inbox_id)
    return classification.case_type_options(inbox.diary_plan if inbox else (), query)


async def change_case_types(
    *,
    cases: CaseRepository,
    registers: RegisterReplicas,
    events: EventFactory,
    caller: User,
    case_id: str,
    expected_version: int,
    case_types: Sequence[RequestedCaseType],
    clock: Clock = utc_now,
) -> Case:

    async def apply(case: Case) -> Change:
        inbox = await registers.inboxes.get(case.inbox_id)
        chosen = classification.resolve_case_types(inbox.diary_plan if inbox else (), case_types)
        return classification.set_case_types(case, chosen)

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


# --- areas and organisations (CASE-05) ----------------------------------------------------------


async def area_options(*, registers: RegisterReplicas, query: str | None) -> list[RegisterItem]:
    areas = await registers.areas.find({"active": True})
    items = [RegisterItem(id=a.area_id, name=a.name, active=a.active, detail=a.description) for a in areas]
    return classification.register_options(items, query)


async def organisation_options(*, registers: RegisterReplicas, query: str | None) -> list[RegisterItem]:
    organisations = await registers.organisations.find({"active": True})
    items = [RegisterItem(id=o.organisation_id, name=o.name, active=o.active) for o in organisations]
    return classification.register_options(items, query)


async def change_areas(
    *,
    cases: CaseRepository,
    registers: RegisterReplicas,
    events: EventFactory,
    caller: User,
    case_id: str,
    expected_version: int,
    area_ids: Sequence[str],
    clock: Clock = utc_now,
) -> Case:

    async def apply(case: Case) -> Change:
        known = {
            a.area_id: RegisterItem(id=a.area_id, name=a.name, active=a.active)
            for a in await registers.areas.get_many(area_ids)
        }
        chosen = classification.resolve_register_refs(
            area_ids, known, current=case.areas, field="area_ids", what="Området"
        )
        return classification.set_areas(case, chosen)

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


async def change_organisations(
    *,
    cases: CaseRepository,
    registers: RegisterReplicas,
    events: EventFactory,
    caller: User,
    case_id: str,
    expected_version: int,
    organisation_ids: Sequence[str],
    clock: Clock = utc_now,
) -> Case:

    async def apply(case: Case) -> Change:
        known = {
            o.organisation_id: RegisterItem(id=o.organisation_id, name=o.name, active=o.active)
            for o in await registers.organisations.get_many(organisation_ids)
        }
        chosen = classification.resolve_register_refs(
            organisation_ids, known, current=case.organisations, field="organisation_ids", what="Organisationen"
        )
        return classification.set_organisations(case, chosen)

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


# --- confidentiality (CASE-07) ------------------------------------------------------------------


async def change_confidentiality(
    *,
    cases: CaseRepository,
    registers: RegisterReplicas,
    events: EventFactory,
    caller: User,
    case_id: str,
    expected_version: int,
    confidential: bool,
    paragraph_id: str | None,
    clock: Clock = utc_now,
) -> Case:

    async def apply(case: Case) -> Change:
        paragraph = await registers.paragraphs.get(paragraph_id) if paragraph_id else None
        return panel.set_confidentiality(
            case,
            confidential=confidential,
            paragraph_id=paragraph_id,
            paragraph=paragraph,
            reader=await registers.users.get(caller.id),
        )

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


# --- officer (CASE-24) --------------------------------------------------------------------------


async def officer_options(
    *, cases: CaseRepository, registers: RegisterReplicas, caller: User, case_id: str, query: str | None
) -> list[UserSnapshot]:
    """The officers who may be made the case's officer, by (part of) name or username."""
    case = await readable_case(cases=cases, registers=registers, caller=caller, case_id=case_id)
    members = await registers.users.find({"inbox_ids": case.inbox_id, "active": True})
    return officer.officer_options(members, case, query)


async def assign_officer(
    *,
    cases: CaseRepository,
    registers: RegisterReplicas,
    events: EventFactory,
    caller: User,
    case_id: str,
    expected_version: int,
    officer_id: str,
    clock: Clock = utc_now,
) -> Case:
    """Assign "Tilldela mig" when `officer_id` is the caller; else an eligible officer of the case's inbox."""

    async def apply(case: Case) -> Change:
        if officer_id == caller.id:
            name = caller.name
        else:
            name = officer.require_eligible(await registers.users.get(officer_id), case, officer_id=officer_id).name
        return routing.assign_officer(case, officer_id=officer_id, officer_name=name, now=clock())

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


async def remove_officer(
    *,
    cases: CaseRepository,
    registers: RegisterReplicas,
    events: EventFactory,
    caller: User,
    case_id: str,
    expected_version: int,
    clock: Clock = utc_now,
) -> Case:

    async def apply(case: Case) -> Change:
        return routing.remove_officer(case, now=clock())

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
