"""MongoDB storage of the inbox view: one row per case, kept from case events, and each
officer's favourites, kept from favourites events."""

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from pymongo.asynchronous.database import AsyncDatabase

from arendo_contracts.events.case import CaseSummary, FavouritesSnapshot
from arendo_kit.mongo import Document, IndexSpec, to_document
from arendo_kit.replica import ModelReplica, VersionedReplica
from arendo_kit.repository import AggregateRepository
from arendo_kit.text import fold
from inbox_service.domain.inbox_view import (
    GROUP_FIELDS,
    NO_CASE_TYPE,
    OFFICER_NONE,
    GroupColumn,
    ViewQuery,
    ViewRebuild,
    order_for,
    row_from_summary,
)

INBOX_VIEW, FAVOURITES, VIEW_REBUILDS = "inbox_view", "favourites", "view_rebuilds"

INDEXES = (
    IndexSpec(INBOX_VIEW, [("inbox_id", 1), ("priority_rank", 1), ("arrived_at", 1), ("number", 1)]),
    IndexSpec(
        INBOX_VIEW, [("inbox_id", 1), ("confidential", 1), ("priority_rank", 1), ("arrived_at", 1), ("number", 1)]
    ),
    IndexSpec(INBOX_VIEW, [("officer_id", 1), ("priority_rank", 1), ("arrived_at", 1)]),
    IndexSpec(INBOX_VIEW, [("inbox_id", 1), ("status", 1)]),
)


@dataclass(frozen=True)
class Scope:
    """Whose rows: one inbox, or one officer's cases; and which confidential rows may be seen."""

    inbox_id: str | None = None
    officer_id: str | None = None
    confidential_inboxes: frozenset[str] = frozenset()

    def mongo_filter(self) -> dict[str, Any]:
        query: dict[str, Any] = {}
        if self.inbox_id is not None:
            query["inbox_id"] = self.inbox_id
        if self.officer_id is not None:
            query["officer_id"] = self.officer_id
        if self.inbox_id is not None and self.inbox_id in self.confidential_inboxes:
            return query
        visible = self.confidential_inboxes if self.inbox_id is None else frozenset()
        if not visible:
            # The plain equality lets an index on (inbox_id, confidential, …) serve count and order;
            # the $or below means the same here but no store can use an index for it.
            query["confidential"] = False
            return query
        query["$or"] = [{"confidential": False}, {"inbox_id": {"$in": sorted(visible)}}]
        return query


@dataclass(frozen=True)
class ViewPage:
    rows: list[Document]
    total: int
    groups: list[tuple[str, int]] | None


class InboxViewStore:
    def __init__(self, db: AsyncDatabase[Document]) -> None:
        self.collection = db[INBOX_VIEW]
        self._replica = VersionedReplica(self.collection)

    async def apply(self, summary: CaseSummary) -> bool:
        return await self._replica.upsert(
            summary.case_id, to_document(row_from_summary(summary)), version=summary.version
        )

    async def page(self, *, scope: Scope, query: ViewQuery) -> ViewPage:
        match = {**scope.mongo_filter(), **_query_filter(query)}
        total = await self.collection.count_documents(match)
        cursor = self.collection.find(match).sort(order_for(query)).skip(query.skip).limit(query.page_size)
        rows = await cursor.to_list()
        groups = None if query.group_by is None else await self._groups(match, query.group_by)
        return ViewPage(rows=rows, total=total, groups=groups)

    async def _groups(self, match: dict[str, Any], column: GroupColumn) -> list[tuple[str, int]]:
        if column is GroupColumn.CASE_TYPE:
            # A case with several case types counts in each of their groups.
            counts: Counter[str] = Counter()
            async for doc in self.collection.find(match, {"case_types": 1}):
                counts.update(doc.get("case_types") or [NO_CASE_TYPE])
            return sorted(counts.items(), key=lambda item: fold(item[0]))
        field = GROUP_FIELDS[column]
        pipeline = [{"$match": match}, {"$group": {"_id": f"${field}", "count": {"$sum": 1}}}]
        result = await self.collection.aggregate(pipeline)
        return [(str(doc["_id"]), int(doc["count"])) async for doc in result]

    async def rows(self, case_ids: Iterable[str]) -> dict[str, Document]:
        docs = await self.collection.find({"_id": {"$in": list(case_ids)}}).to_list()
        return {doc["_id"]: doc for doc in docs}

    async def clear(self) -> int:
        return (await self.collection.delete_many({})).deleted_count


def _query_filter(query: ViewQuery) -> dict[str, Any]:
    match: dict[str, Any] = {}
    if query.text and query.text.strip():
        match["search_text"] = {"$regex": re.escape(fold(query.text.strip())), "$options": "i"}
    if query.statuses:
        match["status"] = {"$in": [s.value for s in query.statuses]}
    if query.officer == OFFICER_NONE:
        match["officer_id"] = {"$exists": False}
    elif query.officer:
        match["officer_id"] = query.officer
    if query.case_type:
        match["case_types"] = query.case_type
    if query.only_case_ids is not None:
        match["_id"] = {"$in": list(query.only_case_ids)}
    return match


class FavouritesStore:
    """Each officer's favourite cases, as the case-service last published them (CASE-30)."""

    def __init__(self, db: AsyncDatabase[Document]) -> None:
        self._replica = ModelReplica(db[FAVOURITES], FavouritesSnapshot, id_of=lambda f: f.user_id)

    async def apply(self, favourites: FavouritesSnapshot) -> bool:
        return await self._replica.apply(favourites)

    async def of(self, user_id: str) -> frozenset[str]:
        found = await self._replica.get(user_id)
        return frozenset(found.case_ids) if found else frozenset()


def favourite_flags(rows: Iterable[Document], favourites: frozenset[str]) -> list[bool]:
    return [row["_id"] in favourites for row in rows]


class ViewRebuildRepository(AggregateRepository[ViewRebuild]):
    collection_name = VIEW_REBUILDS
    model = ViewRebuild
