"""The only module of the case-service that speaks MongoDB."""

from collections.abc import AsyncIterator

from pymongo import ReturnDocument
from pymongo.asynchronous.database import AsyncDatabase

from arendo_contracts.events.inbox import UserSnapshot
from arendo_contracts.events.registers import (
    SETTINGS_ID,
    AreaSnapshot,
    ConfidentialityParagraphSnapshot,
    OrganisationSnapshot,
    SystemSettingsSnapshot,
    SystemSettingsValues,
    TemplateSnapshot,
)
from arendo_kit.mongo import Document, IndexSpec
from arendo_kit.projections import inbox_snapshots
from arendo_kit.replica import ModelReplica
from arendo_kit.repository import AggregateRepository
from case_service.domain.case import Case, format_case_number

CASES, COUNTERS, INBOXES, USERS = "cases", "counters", "inbox_replica", "user_replica"
AREAS, ORGANISATIONS, PARAGRAPHS = "area_replica", "organisation_replica", "confidentiality_paragraph_replica"
TEMPLATES, SETTINGS = "template_replica", "settings_replica"

INDEXES = (
    IndexSpec(CASES, [("number", 1)], unique=True),
    IndexSpec(CASES, [("inbox_id", 1), ("registered_at", -1)]),
)
OUTBOX_COLLECTIONS = (CASES,)


class CaseRepository(AggregateRepository[Case]):
    collection_name = CASES
    model = Case
    not_found_message = "Ärendet finns inte"

    async def all_in_batches(self, batch_size: int = 200) -> AsyncIterator[list[Case]]:
        """Every case, a batch at a time in id order, so a replay never holds them all in memory."""
        after = ""
        while True:
            docs = await self.collection.find({"_id": {"$gt": after}}).sort("_id", 1).limit(batch_size).to_list()
            if not docs:
                return
            yield [self.from_document(doc) for doc in docs]
            after = docs[-1]["_id"]


class CaseNumbers:
    """Case numbers `YYYY-NNNNNN` from one counter per year, incremented atomically by the server,
    so replicas never hand out the same number and a number is never reused."""

    def __init__(self, db: AsyncDatabase[Document]) -> None:
        self.collection = db[COUNTERS]

    async def next(self, year: int) -> str:
        counter = await self.collection.find_one_and_update(
            {"_id": f"case-number-{year}"}, {"$inc": {"seq": 1}}, upsert=True, return_document=ReturnDocument.AFTER
        )
        if counter is None:  # upsert with return_document=AFTER always returns the document
            raise RuntimeError("the case number counter was not returned")
        return format_case_number(year, int(counter["seq"]))


class RegisterReplicas:
    """The inbox-service's registers and system settings as it last published them."""

    def __init__(self, db: AsyncDatabase[Document]) -> None:
        self.inboxes = inbox_snapshots(db, INBOXES)
        self.users = ModelReplica(db[USERS], UserSnapshot, id_of=lambda u: u.user_id)
        self.areas = ModelReplica(db[AREAS], AreaSnapshot, id_of=lambda a: a.area_id)
        self.organisations = ModelReplica(db[ORGANISATIONS], OrganisationSnapshot, id_of=lambda o: o.organisation_id)
        self.paragraphs = ModelReplica(db[PARAGRAPHS], ConfidentialityParagraphSnapshot, id_of=lambda p: p.paragraph_id)
        self.templates = ModelReplica(db[TEMPLATES], TemplateSnapshot, id_of=lambda t: t.template_id)
        self.settings = ModelReplica(db[SETTINGS], SystemSettingsSnapshot, id_of=lambda _: SETTINGS_ID)

    async def system_settings(self) -> SystemSettingsValues:
        """The settings in force: the defaults until an admin's first change has been replicated."""
        return await self.settings.get(SETTINGS_ID) or SystemSettingsValues()
