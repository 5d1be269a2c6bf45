"""MongoDB storage of the areas."""

from arendo_kit.mongo import IndexSpec
from inbox_service.domain.areas import Area
from inbox_service.store.base import RegisterRepository

AREAS = "areas"

INDEXES = (IndexSpec(AREAS, [("name_lower", 1)], unique=True),)
OUTBOX_COLLECTIONS = (AREAS,)


class AreaRepository(RegisterRepository[Area]):
    collection_name = AREAS
    model = Area
    not_found_message = "Området finns inte"
    taken_message = "Det finns redan ett område med det namnet"
