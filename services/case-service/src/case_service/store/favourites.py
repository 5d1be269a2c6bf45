"""MongoDB storage of each officer's favourites, with their event in the outbox."""

from arendo_kit.repository import AggregateRepository
from case_service.domain.favourites import Favourites, no_favourites

FAVOURITES = "favourites"
OUTBOX_COLLECTIONS = (FAVOURITES,)


class FavouritesRepository(AggregateRepository[Favourites]):
    collection_name = FAVOURITES
    model = Favourites

    async def of(self, user_id: str) -> Favourites:
        return await self.get(user_id) or no_favourites(user_id)
