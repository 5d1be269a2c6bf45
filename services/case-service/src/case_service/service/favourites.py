"""Use cases of favourites (CASE-30)."""

from collections.abc import Callable

from arendo_contracts.events.case import FavouritesChangedV1
from arendo_kit.auth import User
from arendo_kit.errors import ConcurrencyConflict
from arendo_kit.outbox import EventFactory
from case_service.domain.access import may_read
from case_service.domain.case import Case
from case_service.domain.favourites import Favourites, with_favourite, without_favourite
from case_service.service.access import readable_case
from case_service.store import CaseRepository, RegisterReplicas
from case_service.store.favourites import FavouritesRepository

ATTEMPTS = 3

Edit = Callable[[Favourites], Favourites | None]


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
    return await _change(favourites, events, caller, lambda current: with_favourite(current, case_id))


async def remove_favourite(
    *, favourites: FavouritesRepository, events: EventFactory, caller: User, case_id: str
) -> Favourites:
    # No read check: removing a case one can no longer read from one's own list must still work.
    return await _change(favourites, events, caller, lambda current: without_favourite(current, case_id))


async def favourite_cases(
    *, cases: CaseRepository, registers: RegisterReplicas, favourites: FavouritesRepository, caller: User
) -> tuple[Favourites, list[Case]]:
    """The caller's favourites and, newest favourite first, those of the cases the caller may
    still read (a case made confidential since is left out, not revealed)."""
    mine = await favourites.of(caller.id)
    found = await cases.get_many(mine.case_ids)
    reader = await registers.users.get(caller.id)
    readable = [
        found[case_id]
        for case_id in mine.case_ids
        if case_id in found
        and may_read(confidential=found[case_id].confidential, inbox_id=found[case_id].inbox_id, reader=reader)
    ]
    return mine, readable


async def _change(favourites: FavouritesRepository, events: EventFactory, caller: User, edit: Edit) -> Favourites:
    """The officer's list changed from another tab at the same moment: read it again and redo."""
    for _ in range(ATTEMPTS):
        current = await favourites.of(caller.id)
        changed = edit(current)
        if changed is None:
            return current
        event = events(FavouritesChangedV1(favourites=changed.snapshot()), actor=caller.id)
        try:
            await favourites.store(changed, events=[event])
        except ConcurrencyConflict:
            continue
        return changed
    raise ConcurrencyConflict("Favoriterna ändrades samtidigt; försök igen")
