"""MongoDB storage of the local property register (CASE-11) that an admin imports from CSV.

An import replaces the whole register at once: its rows are written as a new generation, then
one write of the pointer document makes that generation the one searched, and the replaced
generation is deleted. A crash halfway leaves only rows no search sees, never half a register."""

import re
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError

from arendo_kit.errors import ConcurrencyConflict
from arendo_kit.mongo import Document, IndexSpec, to_document
from arendo_kit.text import fold
from case_service.domain.property import Property

PROPERTIES, PROPERTY_REGISTER = "properties", "property_register"
ACTIVE = "active"
_BATCH = 1000

INDEXES = (
    IndexSpec(PROPERTIES, [("generation", 1), ("property_id", 1)], unique=True),
    IndexSpec(PROPERTIES, [("generation", 1), ("designation_folded", 1)]),
)


@dataclass(frozen=True)
class PropertyImport:
    imported: int
    replaced: int
    imported_at: datetime


class LocalPropertyRegister:
    """The PropertyRegister shipped with Arendo, filled by an admin's CSV import."""

    def __init__(self, db: AsyncDatabase[Document]) -> None:
        self.rows = db[PROPERTIES]
        self.pointer = db[PROPERTY_REGISTER]

    async def search(self, text: str, *, limit: int) -> list[Property]:
        generation = await self._active_generation()
        if generation is None:
            return []
        query = {"generation": generation, "search_text": {"$regex": re.escape(fold(text)), "$options": "i"}}
        cursor = self.rows.find(query).sort("designation_folded", 1).limit(limit)
        return [_from_document(d) for d in await cursor.to_list()]

    async def get(self, property_id: str) -> Property | None:
        generation = await self._active_generation()
        if generation is None:
            return None
        doc = await self.rows.find_one({"generation": generation, "property_id": property_id})
        return None if doc is None else _from_document(doc)

    async def replace_all(self, properties: list[Property], *, imported_by: str, now: datetime) -> PropertyImport:
        """Make `properties` the whole register; a concurrent import makes this one fail (409)."""
        current = await self.pointer.find_one({"_id": ACTIVE})
        generation = str(uuid.uuid4())
        for start in range(0, len(properties), _BATCH):
            batch = properties[start : start + _BATCH]
            await self.rows.insert_many([_to_document(p, generation) for p in batch], ordered=False)
        pointer: dict[str, Any] = {
            "_id": ACTIVE,
            "generation": generation,
            "count": len(properties),
            "imported_at": now,
            "imported_by": imported_by,
        }
        try:
            if current is None:
                await self.pointer.insert_one({**pointer, "version": 1})
                swapped = True
            else:
                result = await self.pointer.replace_one(
                    {"_id": ACTIVE, "version": current["version"]}, {**pointer, "version": current["version"] + 1}
                )
                swapped = result.matched_count == 1
        except DuplicateKeyError:
            swapped = False
        if not swapped:
            await self.rows.delete_many({"generation": generation})
            raise ConcurrencyConflict("Fastighetsregistret importerades samtidigt av någon annan; försök igen")
        replaced = 0
        if current is not None:
            replaced = (await self.rows.delete_many({"generation": current["generation"]})).deleted_count
        return PropertyImport(imported=len(properties), replaced=replaced, imported_at=now)

    async def _active_generation(self) -> str | None:
        pointer = await self.pointer.find_one({"_id": ACTIVE})
        return None if pointer is None else str(pointer["generation"])


def _to_document(prop: Property, generation: str) -> Document:
    doc = to_document(prop)
    doc.update(
        _id=f"{generation}/{prop.property_id}",
        generation=generation,
        designation_folded=fold(prop.designation),
        search_text=prop.search_text(),
    )
    return doc


def _from_document(doc: Document) -> Property:
    return Property.model_validate({k: v for k, v in doc.items() if k in Property.model_fields})
