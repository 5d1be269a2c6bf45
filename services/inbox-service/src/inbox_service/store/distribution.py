"""MongoDB storage of distributions, each with the events it raised in its outbox."""

from arendo_kit.mongo import IndexSpec
from arendo_kit.repository import AggregateRepository
from inbox_service.domain.distribution import Distribution

DISTRIBUTIONS = "distributions"

INDEXES = (IndexSpec(DISTRIBUTIONS, [("distributed_by", 1), ("distributed_at", -1)]),)
OUTBOX_COLLECTIONS = (DISTRIBUTIONS,)


class DistributionRepository(AggregateRepository[Distribution]):
    collection_name = DISTRIBUTIONS
    model = Distribution
    not_found_message = "Fördelningen finns inte"
