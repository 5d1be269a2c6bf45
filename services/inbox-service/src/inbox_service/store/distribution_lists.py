"""MongoDB storage of the distribution lists."""

from arendo_kit.mongo import IndexSpec
from inbox_service.domain.distribution_lists import DistributionList
from inbox_service.store.base import RegisterRepository

DISTRIBUTION_LISTS = "distribution_lists"

INDEXES = (IndexSpec(DISTRIBUTION_LISTS, [("name_lower", 1)], unique=True),)
OUTBOX_COLLECTIONS = (DISTRIBUTION_LISTS,)


class DistributionListRepository(RegisterRepository[DistributionList]):
    collection_name = DISTRIBUTION_LISTS
    model = DistributionList
    not_found_message = "Sändlistan finns inte"
    taken_message = "Det finns redan en sändlista med det namnet"
