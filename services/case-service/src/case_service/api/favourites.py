"""HTTP API of favourites (CASE-30)."""

from typing import Annotated

from fastapi import APIRouter, Path
from pydantic import BaseModel, Field

from arendo_contracts.vocabulary import CaseStatus
from arendo_kit.auth import CurrentUser
from case_service.api.deps import Context
from case_service.domain.case import Case
from case_service.domain.favourites import Favourites
from case_service.service.favourites import add_favourite, favourite_cases, remove_favourite

router = APIRouter(prefix="/api/cases", tags=["favourites"])

CaseId = Annotated[str, Path(min_length=1, max_length=64)]


class FavouritesOut(BaseModel):
    case_ids: list[str]

    @classmethod
    def of(cls, favourites: Favourites) -> "FavouritesOut":
        return cls(case_ids=list(favourites.case_ids))


class FavouriteCaseOut(BaseModel):
    id: str
    number: str
    title: str
    status: CaseStatus
    inbox_id: str
    officer_name: str | None

    @classmethod
    def of(cls, case: Case) -> "FavouriteCaseOut":
        return cls(
            id=case.id,
            number=case.number,
            title=case.title,
            status=case.status,
            inbox_id=case.inbox_id,
            officer_name=case.officer_name,
        )


class MyFavouritesOut(FavouritesOut):
    cases: list[FavouriteCaseOut] = Field(description="the favourite cases the caller may still read, newest first")


# A fixed path: this router is included before the case router's /{case_id}.
@router.get("/favourites", response_model=MyFavouritesOut)
async def my_favourites(ctx: Context, caller: CurrentUser) -> MyFavouritesOut:
    """The caller's favourites, newest first: their ids and the cases the caller may still read."""
    mine, cases = await favourite_cases(
        cases=ctx.cases, registers=ctx.registers, favourites=ctx.favourites, caller=caller
    )
    return MyFavouritesOut(case_ids=list(mine.case_ids), cases=[FavouriteCaseOut.of(case) for case in cases])


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
