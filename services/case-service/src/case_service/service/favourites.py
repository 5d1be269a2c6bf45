"""Use cases of favourites (CASE-30)."""

from arendo_contracts.events.case import FavouritesChangedV1
from arendo_kit.auth import User
from arendo_kit.outbox import EventFactory
from case_service.domain.favourites import Favourites, with_favourite, without_favourite
from case_service.service.access import readable_case
from case_service.store import CaseRepository, RegisterReplicas
from case_service.store.favourites import FavouritesRepository


async def add_favourite(
    *,
    cases: CaseRepository,
    registers: RegisterReplicas,
    favourites: FavouritesRepository,
    events: EventFactory,
    caller: User,
    case_id: str,
) -> Favourites:
    await readable_case(cases=cases, registers=registers, caller=caller, case_id=case_id)
    current = await favourites.of(caller.id)
    return await _store(favourites, events, caller, current, with_favourite(current, case_id))


async def remove_favourite(
    *, favourites: FavouritesRepository, events: EventFactory, caller: User, case_id: str
) -> Favourites:
    # No read check: removing a case one can no longer read from one's own list must still work.
    current = await favourites.of(caller.id)
    return await _store(favourites, events, caller, current, without_favourite(current, case_id))


async def _store(
    favourites: FavouritesRepository,
    events: EventFactory,
    caller: User,
    current: Favourites,
    changed: Favourites | None,
) -> Favourites:
    if changed is None:
        return current
    event = events(FavouritesChangedV1(favourites=changed.snapshot()), actor=caller.id)
    await favourites.store(changed, events=[event])
    return changed
