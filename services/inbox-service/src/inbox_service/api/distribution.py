"""HTTP API of distribution (INB-05..INB-08) under /api/inboxes/distributions."""

from typing import Annotated

from fastapi import APIRouter, Path, Response, status
from pydantic import BaseModel, ConfigDict, EmailStr, Field

from arendo_contracts.vocabulary import InboxKind
from arendo_kit.auth import CurrentUser
from arendo_kit.errors import NotFound
from inbox_service.api.deps import Context
from inbox_service.domain.distribution import MAX_CASES_PER_DISTRIBUTION, CaseResult, Distribution
from inbox_service.service.distribution import distribute

router = APIRouter(prefix="/api/inboxes/distributions", tags=["distribution"])


class DistributionRequest(BaseModel):
    """Distribute one or many cases to a work group, a specialist group or an external party."""

    model_config = ConfigDict(extra="forbid")

    case_ids: list[str] = Field(min_length=1, max_length=MAX_CASES_PER_DISTRIBUTION)
    kind: InboxKind = Field(description="the kind of recipient chosen: work group, specialist group, external party")
    target_inbox_id: str = Field(min_length=1, max_length=64)
    officer_id: str | None = Field(default=None, description="an officer of the target inbox; else no officer")
    note: str | None = Field(
        default=None,
        max_length=20_000,
        description='registered on each case as an internal service note "Fördelat ärende"',
    )
    notify_customer_email: EmailStr | None = Field(default=None, description="only when one case is distributed")
    require_feedback: bool = Field(default=False, description="specialist groups only (INB-06)")
    drag_and_drop: bool = Field(default=False, description="a case dropped on an inbox: no officer, note or mail")


class DistributionOut(BaseModel):
    id: str
    target_inbox_id: str
    kind: InboxKind
    distributed: int
    results: list[CaseResult]

    @classmethod
    def of(cls, distribution: Distribution) -> "DistributionOut":
        return cls(
            id=distribution.id,
            target_inbox_id=distribution.target_inbox_id,
            kind=distribution.target_kind,
            distributed=len(distribution.distributed),
            results=list(distribution.results),
        )


@router.post("", status_code=status.HTTP_201_CREATED, response_model=DistributionOut)
async def create_distribution(
    body: DistributionRequest, ctx: Context, caller: CurrentUser, response: Response
) -> DistributionOut:
    """Each case is moved whole or not at all; the answer gives every case's outcome."""
    distribution = await distribute(
        inboxes=ctx.inboxes,
        users=ctx.users,
        view=ctx.view,
        distributions=ctx.distributions,
        events=ctx.events,
        caller=caller,
        case_ids=body.case_ids,
        kind=body.kind,
        target_inbox_id=body.target_inbox_id,
        officer_id=body.officer_id,
        note=body.note,
        notify_customer_email=body.notify_customer_email,
        require_feedback=body.require_feedback,
        drag_and_drop=body.drag_and_drop,
    )
    response.headers["Location"] = f"/api/inboxes/distributions/{distribution.id}"
    return DistributionOut.of(distribution)


@router.get("/{distribution_id}", response_model=DistributionOut)
async def get_distribution(
    distribution_id: Annotated[str, Path(min_length=1, max_length=64)], ctx: Context, caller: CurrentUser
) -> DistributionOut:
    distribution = await ctx.distributions.require(distribution_id)
    if distribution.distributed_by != caller.id and not caller.is_admin:
        raise NotFound("Fördelningen finns inte")
    return DistributionOut.of(distribution)
