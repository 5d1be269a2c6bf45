"""HTTP API of quick registration (CASE-02) at /api/cases/quick-registrations."""

from fastapi import APIRouter, Response, status
from pydantic import BaseModel, ConfigDict, Field

from arendo_contracts.vocabulary import Channel, InboxKind
from arendo_kit.auth import CurrentUser
from arendo_kit.errors import InvalidInput
from arendo_kit.versioning import etag
from case_service.api.deps import Context
from case_service.api.schemas import CaseOut
from case_service.service.quick_registration import Outcome, quick_register

router = APIRouter(prefix="/api/cases", tags=["quick registration"])


class QuickRegistration(BaseModel):
    model_config = ConfigDict(extra="forbid")

    inbox_id: str = Field(min_length=1, max_length=64)
    case_type: str | None = Field(default=None, max_length=200, description="from the inbox's diary plan")
    category: str | None = Field(default=None, max_length=200)
    description: str = Field(min_length=1, max_length=20_000)
    channel: Channel = Channel.PHONE
    outcome: Outcome
    distribute_to: InboxKind | None = Field(default=None, description="with save_and_distribute: the recipient kind")


class DistributionHandOver(BaseModel):
    """What the client opens next: the inbox-service's distribution, preset to this case."""

    endpoint: str = "/api/inboxes/distributions"
    case_ids: list[str]
    kind: InboxKind


class QuickRegistrationOut(BaseModel):
    case: CaseOut
    outcome: Outcome
    distribution: DistributionHandOver | None = None


# On a router included before the case router, so "quick-registrations" is never taken for a case id.
@router.post("/quick-registrations", status_code=status.HTTP_201_CREATED, response_model=QuickRegistrationOut)
async def register_quickly(
    body: QuickRegistration, ctx: Context, caller: CurrentUser, response: Response
) -> QuickRegistrationOut:
    if (body.outcome is Outcome.SAVE_AND_DISTRIBUTE) != (body.distribute_to is not None):
        raise InvalidInput("Välj typ av mottagare när ärendet ska fördelas, och bara då", field="distribute_to")
    case = await quick_register(
        cases=ctx.cases,
        numbers=ctx.numbers,
        registers=ctx.registers,
        events=ctx.events,
        caller=caller,
        inbox_id=body.inbox_id,
        case_type=body.case_type,
        category=body.category,
        description=body.description,
        channel=body.channel,
        outcome=body.outcome,
    )
    response.headers["Location"] = f"/api/cases/{case.id}"
    response.headers["ETag"] = etag(case.version)
    hand_over = DistributionHandOver(case_ids=[case.id], kind=body.distribute_to) if body.distribute_to else None
    return QuickRegistrationOut(case=CaseOut.of(case), outcome=body.outcome, distribution=hand_over)
