"""HTTP API of the case card's registration panel (case types, areas, organisations: CASE-04,
CASE-05), confidentiality (CASE-07), officer (CASE-24) and the status of many cases (CASE-23).

Included before the cases router, so its fixed paths (`/registers/...`, `/status-changes`) are
never taken for a case id."""

from typing import Annotated

from fastapi import APIRouter, Path, Query, Response

from arendo_kit.auth import CurrentUser
from arendo_kit.clock import utc_now
from arendo_kit.versioning import IfMatchVersion, etag
from case_service.api.deps import CaseContext, Context
from case_service.api.schemas import (
    AreasPut,
    CaseOut,
    CaseTypeOption,
    CaseTypesPut,
    ConfidentialityPut,
    OfficerOption,
    OfficerPut,
    OrganisationsPut,
    RegisterOption,
    StatusChangeOfMany,
    StatusChangeResultOut,
    StatusChangesOut,
)
from case_service.domain.case import Case
from case_service.domain.classification import RegisterItem, RequestedCaseType
from case_service.domain.life_cycle import CloseConsent
from case_service.service import card as card_service
from case_service.service.routing import set_status_of_many

router = APIRouter(prefix="/api/cases", tags=["case card"])

CaseId = Annotated[str, Path(min_length=1, max_length=64)]
SearchText = Annotated[str | None, Query(max_length=200, description="part of the name; blank lists all")]


async def card_out(case: Case, ctx: CaseContext, response: Response | None = None) -> CaseOut:
    """The case as the card shows it: with its inbox's name, handling time and whether the event
    date is shown (CASE-06, CASE-08), computed now. Sets the ETag when given the response."""
    details = await card_service.card_details(registers=ctx.registers, case=case, clock=utc_now)
    if response is not None:
        response.headers["ETag"] = etag(case.version)
    return CaseOut.of(case).model_copy(
        update={
            "inbox_name": details.inbox_name,
            "handling_time_seconds": details.handling_time_seconds,
            "event_date_visible": details.event_date_visible,
        }
    )


# --- registers the card picks from (CASE-05) -----------------------------------------------------


def _options(items: list[RegisterItem]) -> list[RegisterOption]:
    return [RegisterOption(id=item.id, name=item.name, description=item.detail) for item in items]


@router.get("/registers/areas", response_model=list[RegisterOption])
async def area_options(ctx: Context, caller: CurrentUser, q: SearchText = None) -> list[RegisterOption]:
    """Active areas (områden) whose name or description contains the text, in Swedish order."""
    return _options(await card_service.area_options(registers=ctx.registers, query=q))


@router.get("/registers/organisations", response_model=list[RegisterOption])
async def organisation_options(ctx: Context, caller: CurrentUser, q: SearchText = None) -> list[RegisterOption]:
    """Active organisations whose name contains the text, in Swedish order."""
    return _options(await card_service.organisation_options(registers=ctx.registers, query=q))


# --- status of many cases (CASE-23) -------------------------------------------------------------


@router.post("/status-changes", response_model=StatusChangesOut)
async def change_status_of_many(body: StatusChangeOfMany, ctx: Context, caller: CurrentUser) -> StatusChangesOut:
    """Set one status on the cases marked in the inbox view. Each case is changed whole or not at
    all; the answer says for each case whether it changed, and if not, why (officer rule, feedback
    required, closing not confirmed, customer unanswered, locked, not found, which includes a
    confidential case the caller may not read)."""
    results = await set_status_of_many(
        cases=ctx.cases,
        registers=ctx.registers,
        events=ctx.events,
        caller=caller,
        case_ids=body.case_ids,
        status=body.status,
        consent=CloseConsent(confirmed=body.confirmed, close_unanswered=body.close_unanswered),
    )
    return StatusChangesOut(
        results=[
            StatusChangeResultOut(
                case_id=result.case_id,
                outcome=result.outcome,
                reason=result.reason,
                detail=result.detail,
                version=result.case.version if result.case is not None else None,
            )
            for result in results
        ]
    )


# --- case types (CASE-04) ------------------------------------------------------------------------


@router.get("/{case_id}/case-type-options", response_model=list[CaseTypeOption])
async def case_type_options(
    case_id: CaseId, ctx: Context, caller: CurrentUser, q: SearchText = None
) -> list[CaseTypeOption]:
    """The diary plan of the case's inbox matching a keyword (case type or category, ignoring case
    and å/ä/ö); blank lists it all. Each type with its categories and linked knowledge entries."""
    entries = await card_service.case_type_options(
        cases=ctx.cases, registers=ctx.registers, caller=caller, case_id=case_id, query=q
    )
    return [
        CaseTypeOption(
            case_type=entry.case_type, categories=list(entry.categories), kb_entry_ids=list(entry.kb_entry_ids)
        )
        for entry in entries
    ]


@router.put("/{case_id}/case-types", response_model=CaseOut)
async def change_case_types(
    case_id: CaseId, body: CaseTypesPut, version: IfMatchVersion, ctx: Context, caller: CurrentUser, response: Response
) -> CaseOut:
    """Set the case's whole list of case types (add or remove one by sending the list without it).
    While the title is still a default it becomes "<type> - <category>" (en dash) of the first one."""
    case = await card_service.change_case_types(
        cases=ctx.cases,
        registers=ctx.registers,
        events=ctx.events,
        caller=caller,
        case_id=case_id,
        expected_version=version,
        case_types=[RequestedCaseType(case_type=item.case_type, category=item.category) for item in body.case_types],
    )
    return await card_out(case, ctx, response)


# --- areas and organisations (CASE-05) -----------------------------------------------------------


@router.put("/{case_id}/areas", response_model=CaseOut)
async def change_areas(
    case_id: CaseId, body: AreasPut, version: IfMatchVersion, ctx: Context, caller: CurrentUser, response: Response
) -> CaseOut:
    case = await card_service.change_areas(
        cases=ctx.cases,
        registers=ctx.registers,
        events=ctx.events,
        caller=caller,
        case_id=case_id,
        expected_version=version,
        area_ids=body.area_ids,
    )
    return await card_out(case, ctx, response)


@router.put("/{case_id}/organisations", response_model=CaseOut)
async def change_organisations(
    case_id: CaseId,
    body: OrganisationsPut,
    version: IfMatchVersion,
    ctx: Context,
    caller: CurrentUser,
    response: Response,
) -> CaseOut:
    case = await card_service.change_organisations(
        cases=ctx.cases,
        registers=ctx.registers,
        events=ctx.events,
        caller=caller,
        case_id=case_id,
        expected_version=version,
        organisation_ids=body.organisation_ids,
    )
    return await card_out(case, ctx, response)


# --- confidentiality (CASE-07) -------------------------------------------------------------------


@router.put("/{case_id}/confidentiality", response_model=CaseOut)
async def change_confidentiality(
    case_id: CaseId,
    body: ConfidentialityPut,
    version: IfMatchVersion,
    ctx: Context,
    caller: CurrentUser,
    response: Response,
) -> CaseOut:
    """Mark the case confidential under a legal paragraph from the register, or unmark it; only a
    user who may read confidential cases in the case's inbox may do either (403 otherwise)."""
    case = await card_service.change_confidentiality(
        cases=ctx.cases,
        registers=ctx.registers,
        events=ctx.events,
        caller=caller,
        case_id=case_id,
        expected_version=version,
        confidential=body.confidential,
        paragraph_id=body.paragraph_id,
    )
    return await card_out(case, ctx, response)


# --- officer (CASE-24) ---------------------------------------------------------------------------


@router.get("/{case_id}/officer-options", response_model=list[OfficerOption])
async def officer_options(
    case_id: CaseId,
    ctx: Context,
    caller: CurrentUser,
    q: Annotated[str | None, Query(max_length=200, description="part of name or username; blank lists all")] = None,
) -> list[OfficerOption]:
    """Who may be made the case's officer: active members of its inbox with an officer role (and,
    for a confidential case, allowed to read it)."""
    users = await card_service.officer_options(
        cases=ctx.cases, registers=ctx.registers, caller=caller, case_id=case_id, query=q
    )
    return [OfficerOption(user_id=u.user_id, username=u.username, name=u.name) for u in users]


@router.put("/{case_id}/officer", response_model=CaseOut)
async def assign_officer(
    case_id: CaseId, body: OfficerPut, version: IfMatchVersion, ctx: Context, caller: CurrentUser, response: Response
) -> CaseOut:
    """Assign "Tilldela mig" (the caller's own id) or another eligible officer; the history keeps who
    handled the case when."""
    case = await card_service.assign_officer(
        cases=ctx.cases,
        registers=ctx.registers,
        events=ctx.events,
        caller=caller,
        case_id=case_id,
        expected_version=version,
        officer_id=body.officer_id,
    )
    return await card_out(case, ctx, response)


@router.delete("/{case_id}/officer", response_model=CaseOut)
async def remove_officer(
    case_id: CaseId, version: IfMatchVersion, ctx: Context, caller: CurrentUser, response: Response
) -> CaseOut:
    """Remove ("Ta bort"): the case has no officer ("Ingen handläggare")."""
    case = await card_service.remove_officer(
        cases=ctx.cases,
        registers=ctx.registers,
        events=ctx.events,
        caller=caller,
        case_id=case_id,
        expected_version=version,
    )
    return await card_out(case, ctx, response)
