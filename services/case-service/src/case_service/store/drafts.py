"""MongoDB storage of drafts, "Mina utkast" (CASE-20): each draft written whole with its version."""

from arendo_kit.mongo import IndexSpec
from arendo_kit.repository import AggregateRepository
from case_service.domain.drafts import NOT_FOUND, Draft

DRAFTS = "drafts"
INDEXES = (
    IndexSpec(DRAFTS, [("author_id", 1), ("updated_at", -1)]),
    IndexSpec(DRAFTS, [("case_id", 1)]),
)


class DraftRepository(AggregateRepository[Draft]):
    collection_name = DRAFTS
    model = Draft
    not_found_message = NOT_FOUND

    async def page_of(self, author_id: str, *, skip: int, limit: int) -> tuple[list[Draft], int]:
        """One page of the author's drafts, the latest change first, and how many there are."""
        query = {"author_id": author_id}
        total = await self.collection.count_documents(query)
        cursor = self.collection.find(query).sort([("updated_at", -1), ("_id", -1)]).skip(skip).limit(limit)
        return [self.from_document(doc) for doc in await cursor.to_list()], total

    async def count_of(self, author_id: str) -> int:
        return await self.collection.count_documents({"author_id": author_id})

    async def of_case(self, case_id: str) -> list[Draft]:
        """Every author's drafts on a case (for which files are still wanted, never to show)."""
        return [self.from_document(doc) for doc in await self.collection.find({"case_id": case_id}).to_list()]

    async def delete(self, draft: Draft) -> bool:
        """Remove the draft as read; False when it was changed or removed meanwhile."""
        result = await self.collection.delete_one({"_id": draft.id, "version": draft.version})
        return result.deleted_count == 1
