"""HTTP API of favourites (CASE-30)."""

from typing import Annotated

from fastapi import APIRouter, Path
from pydantic import BaseModel

from arendo_kit.auth import CurrentUser
from case_service.api.deps import Context
from case_service.domain.favourites import Favourites
from case_service.service.favourites import add_favourite, remove_favourite

router = APIRouter(prefix="/api/cases", tags=["favourites"])

CaseId = Annotated[str, Path(min_length=1, max_length=64)]


class FavouritesOut(BaseModel):
    case_ids: list[str]

    @classmethod
    def of(cls, favourites: Favourites) -> "FavouritesOut":
        return cls(case_ids=list(favourites.case_ids))


# A fixed path: this router is included before the case router's /{case_id}.
@router.get("/favourites", response_model=FavouritesOut)
async def my_favourites(ctx: Context, caller: CurrentUser) -> FavouritesOut:
    """The caller's favourite cases, newest first."""
    return FavouritesOut.of(await ctx.favourites.of(caller.id))


@router.put("/{case_id}/favourite", response_model=FavouritesOut)
async def add(case_id: CaseId, ctx: Context, caller: CurrentUser) -> FavouritesOut:
    """Mark the case as a favourite of the caller; doing it twice changes nothing."""
    favourites = await add_favourite(
        cases=ctx.cases,
        registers=ctx.registers,
        favourites=ctx.favourites,
        events=ctx.events,
        caller=caller,
        case_id=case_id,
    )
    return FavouritesOut.of(favourites)


@router.delete("/{case_id}/favourite", response_model=FavouritesOut)
async def remove(case_id: CaseId, ctx: Context, caller: CurrentUser) -> FavouritesOut:
    favourites = await remove_favourite(favourites=ctx.favourites, events=ctx.events, caller=caller, case_id=case_id)
    return FavouritesOut.of(favourites)
