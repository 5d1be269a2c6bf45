"""The only module of the watch-service that speaks MongoDB."""

from pymongo.asynchronous.database import AsyncDatabase

from arendo_kit.mongo import Document
from arendo_kit.projections import CaseSummaries, case_summaries


class WatchedCases:
    def __init__(self, db: AsyncDatabase[Document]) -> None:
        self.replica: CaseSummaries = case_summaries(db)
