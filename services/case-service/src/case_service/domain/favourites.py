"""An officer's favourite cases (CASE-30): add, remove; "My cases" can show favourites only."""

from arendo_contracts.events.case import FavouritesSnapshot
from arendo_kit.errors import Conflict
from arendo_kit.repository import AggregateRoot

MAX_FAVOURITES = 500


class Favourites(AggregateRoot):
    """One officer's list; the id is the officer's user id."""

    case_ids: tuple[str, ...] = ()

    def snapshot(self) -> FavouritesSnapshot:
        return FavouritesSnapshot(user_id=self.id, case_ids=self.case_ids, version=self.version)


def no_favourites(user_id: str) -> Favourites:
    # Version 0 means "never stored": the first change stores version 1.
    return Favourites.model_construct(id=user_id, version=0, case_ids=())


def with_favourite(favourites: Favourites, case_id: str) -> Favourites | None:
    """The list with the case added (newest first); None when it is already there."""
    if case_id in favourites.case_ids:
        return None
    if len(favourites.case_ids) >= MAX_FAVOURITES:
        raise Conflict(f"Högst {MAX_FAVOURITES} favoriter; ta bort någon först", field="case_id")
    return favourites.model_copy(
        update={"case_ids": (case_id, *favourites.case_ids), "version": favourites.next_version()}
    )


def without_favourite(favourites: Favourites, case_id: str) -> Favourites | None:
    if case_id not in favourites.case_ids:
        return None
    remaining = tuple(c for c in favourites.case_ids if c != case_id)
    return favourites.model_copy(update={"case_ids": remaining, "version": favourites.next_version()})
