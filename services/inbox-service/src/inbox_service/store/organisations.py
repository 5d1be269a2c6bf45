"""MongoDB storage of the organisation tree."""

from collections.abc import Iterable
from typing import Any

from arendo_kit.mongo import IndexSpec
from inbox_service.domain.organisations import Organisation
from inbox_service.store.base import RegisterRepository

ORGANISATIONS = "organisations"

INDEXES = (IndexSpec(ORGANISATIONS, [("parent_id", 1), ("name_lower", 1)]),)
OUTBOX_COLLECTIONS = (ORGANISATIONS,)


class OrganisationRepository(RegisterRepository[Organisation]):
    collection_name = ORGANISATIONS
    model = Organisation
    not_found_message = "Organisationen finns inte"
    taken_message = "Det finns redan en organisation med det namnet på samma plats i trädet"

    async def sibling_name_taken(self, *, name_lower: str, parent_id: str | None, other_than: str | None) -> bool:
        # A root has no parent_id field at all (None is never stored), hence $exists.
        scope: dict[str, Any] = {"parent_id": parent_id} if parent_id else {"parent_id": {"$exists": False}}
        return await self.key_taken(name_lower, other_than=other_than, **scope)

    async def has_active_children(self, organisation_id: str) -> bool:
        found = await self.collection.find_one({"parent_id": organisation_id, "active": True}, {"_id": 1})
        return found is not None

    async def with_ancestors(
        self, organisations: Iterable[Organisation] = (), *, ids: Iterable[str] = ()
    ) -> dict[str, Organisation]:
        """The given organisations and those with the given ids, with all their ancestors: enough
        to compute paths and to check a move. One query per tree level."""
        tree = {o.id: o for o in organisations}
        missing = ({*ids} | {o.parent_id for o in tree.values() if o.parent_id}) - tree.keys()
        while missing:
            found = await self.find({"_id": {"$in": sorted(missing)}})
            tree.update((o.id, o) for o in found)
            missing = {o.parent_id for o in found if o.parent_id} - tree.keys()
        return tree
