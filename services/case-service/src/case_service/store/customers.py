"""MongoDB storage of the customer register (CASE-10) and the search for other cases of a
customer (CASE-12) over the cases collection."""

import re
import uuid
from dataclasses import dataclass
from typing import Any

from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError

from arendo_kit.errors import ConcurrencyConflict
from arendo_kit.mongo import Document, IndexSpec, to_document
from arendo_kit.text import fold
from case_service.domain.case import Case
from case_service.domain.customer import (
    Customer,
    CustomerRecord,
    CustomerSearch,
    OtherCasesQuery,
    RegisterSource,
    email_key,
    record_to_update,
    register_keys,
    registered,
)
from case_service.store.cases import CASES, CaseRepository

CUSTOMERS = "customers"
_MAX_ATTEMPTS = 5

INDEXES = (
    IndexSpec(CUSTOMERS, [("key", 1)], unique=True),
    IndexSpec(CUSTOMERS, [("emails", 1)]),
    IndexSpec(CUSTOMERS, [("personal_number", 1)]),
    IndexSpec(CUSTOMERS, [("phones", 1)]),
    IndexSpec(CASES, [("customer_keys", 1), ("registered_at", -1)]),
)


def _regex(text: str) -> dict[str, str]:
    return {"$regex": re.escape(text), "$options": "i"}


class CustomerRegister:
    """Customers keyed by personal identity number, else organisation number, else e-mail, with
    folded copies of what the search matches: `emails`, `phones`, `name_folded`, `company_folded`,
    and per field the case change that gave its value (`sources`). Written only by the projection
    of the case events (`service.customers.feed_customer_register`)."""

    def __init__(self, db: AsyncDatabase[Document]) -> None:
        self.collection = db[CUSTOMERS]

    async def record(self, customer: Customer, *, source: RegisterSource) -> CustomerRecord | None:
        """Upsert the customer data of a case as of `source`; nothing for an anonymous customer or one
        without a key, and no write when the entry already has this or newer data."""
        keys = register_keys(customer)
        if not keys:
            return None
        for _ in range(_MAX_ATTEMPTS):
            found = [self._from_document(d) for d in await self.collection.find({"key": {"$in": list(keys)}}).to_list()]
            existing = record_to_update(found, keys)
            entry = registered(existing, customer, key=keys[0], new_id=str(uuid.uuid4()), source=source)
            if entry is None:
                return existing
            try:
                if existing is None:
                    await self.collection.insert_one(self._to_document(entry))
                    return entry
                result = await self.collection.replace_one(
                    {"_id": entry.id, "version": existing.version}, self._to_document(entry)
                )
            except DuplicateKeyError:
                continue  # another case registered the same customer meanwhile: merge into theirs
            if result.matched_count == 1:
                return entry
        raise ConcurrencyConflict("Kundregistret ändrades samtidigt av andra; försök igen")

    async def get(self, record_id: str) -> CustomerRecord | None:
        doc = await self.collection.find_one({"_id": record_id})
        return None if doc is None else self._from_document(doc)

    async def candidates(self, search: CustomerSearch, *, limit: int) -> list[CustomerRecord]:
        """Records matching any searched field; the exact ones (e-mail, personal identity number,
        phone) are fetched first, so a broad name search never crowds out the unique hit."""
        exact: list[dict[str, Any]] = []
        if search.email:
            exact.append({"emails": search.email})
        if search.personal_number:
            exact.append({"personal_number": search.personal_number})
        if search.phone:
            exact.append({"phones": search.phone})
        partial: list[dict[str, Any]] = []
        if search.name:
            partial.append({"name_folded": _regex(search.name)})
        if search.company:
            partial.append({"company_folded": _regex(search.company)})
        docs: dict[str, Document] = {}
        for clauses in (exact, partial):
            if clauses and len(docs) < limit:
                cursor = self.collection.find({"$or": clauses}).sort("_id", 1).limit(limit)
                for doc in await cursor.to_list():
                    docs.setdefault(doc["_id"], doc)
        return [self._from_document(d) for d in docs.values()]

    def _to_document(self, entry: CustomerRecord) -> Document:
        customer = entry.customer
        doc = to_document(
            {
                "_id": entry.id,
                "key": entry.key,
                "version": entry.version,
                "updated_at": entry.updated_at,
                "customer": customer,
                "sources": entry.sources,
                "emails": list(customer.email_keys()),
                "phones": list(customer.phones()),
                "personal_number": customer.personal_number,
                "name_folded": customer.name_search_text(),
                "company_folded": fold(customer.company) if customer.company else None,
            }
        )
        return doc

    def _from_document(self, doc: Document) -> CustomerRecord:
        return CustomerRecord(
            id=doc["_id"],
            key=doc["key"],
            version=doc["version"],
            updated_at=doc["updated_at"],
            customer=Customer.model_validate(doc["customer"]),
            sources={f: RegisterSource.model_validate(s) for f, s in doc.get("sources", {}).items()},
        )


@dataclass(frozen=True)
class CasePage:
    cases: list[Case]
    total: int


class CustomerCases:
    """Cases by their customer (CASE-12), over the search copies every case stores
    (`customer_keys`, `customer_name_folded`), readable ones only."""

    def __init__(self, cases: CaseRepository) -> None:
        self._cases = cases

    async def other_cases(
        self,
        query: OtherCasesQuery,
        *,
        excluding: str,
        confidential_inboxes: frozenset[str],
        skip: int,
        limit: int,
    ) -> CasePage:
        """Newest first; a case matches when any field of the query matches. Confidential cases
        only from inboxes whose confidential cases the reader may see."""
        criteria: list[dict[str, Any]] = []
        if query.email:
            criteria.append({"customer_keys": f"email:{email_key(query.email)}"})
        if query.personal_number:
            criteria.append({"customer_keys": f"pnr:{query.personal_number}"})
        if query.name:
            criteria.append({"customer_name_folded": _regex(fold(query.name))})
        if not criteria:
            return CasePage(cases=[], total=0)
        # Readable: not confidential, or in an inbox the reader may read confidential cases of.
        # Spelled out per criterion, as the storage subset has `$or` but no `$and` of two `$or`s.
        readable: list[dict[str, Any]] = [{"confidential": {"$nin": [True]}}]
        if confidential_inboxes:
            readable.append({"inbox_id": {"$in": sorted(confidential_inboxes)}})
        match = {"_id": {"$nin": [excluding]}, "$or": [{**c, **r} for c in criteria for r in readable]}
        collection = self._cases.collection
        total = await collection.count_documents(match)
        cursor = collection.find(match).sort([("registered_at", -1), ("_id", -1)]).skip(skip).limit(limit)
        return CasePage(cases=[self._cases.from_document(d) for d in await cursor.to_list()], total=total)
