"""The organisation tree (CASE-05): units under units, each shown with its path from the root."""

import uuid
from collections.abc import Iterable, Mapping

from arendo_contracts.events.registers import OrganisationSnapshot
from arendo_kit.errors import Conflict, InvalidInput
from arendo_kit.repository import AggregateRoot
from inbox_service.domain.revision import revised
from inbox_service.domain.search import name_fields, path_sort_key

NAME_MISSING = "Organisationen behöver ett namn"


class Organisation(AggregateRoot):
    name: str
    name_lower: str
    search_key: str
    parent_id: str | None = None
    active: bool = True

    def snapshot(self) -> OrganisationSnapshot:
        return OrganisationSnapshot(
            organisation_id=self.id,
            name=self.name,
            parent_id=self.parent_id,
            active=self.active,
            version=self.version,
        )


Tree = Mapping[str, Organisation]


def new_organisation(
    *, name: str, parent_id: str | None, tree: Tree, organisation_id: str | None = None
) -> Organisation:
    """`tree` holds at least the new parent and its ancestors."""
    new_id = organisation_id or str(uuid.uuid4())
    check_parent(new_id, parent_id, tree=tree, active=True)
    return Organisation(id=new_id, version=1, parent_id=parent_id, **name_fields(name, missing=NAME_MISSING))


def revise_organisation(
    organisation: Organisation,
    *,
    name: str,
    parent_id: str | None,
    active: bool,
    tree: Tree,
    has_active_children: bool,
) -> Organisation:
    """Rename, move or (de)activate; `tree` holds at least the new parent and its ancestors."""
    check_parent(organisation.id, parent_id, tree=tree, active=active)
    if not active and organisation.active and has_active_children:
        raise Conflict(
            f"{organisation.name} har aktiva underorganisationer; inaktivera eller flytta dem först", field="active"
        )
    fields = {**name_fields(name, missing=NAME_MISSING), "parent_id": parent_id, "active": active}
    return revised(organisation, fields)


def check_parent(organisation_id: str, parent_id: str | None, *, tree: Tree, active: bool) -> None:
    """The parent exists, is active while its child is, and is not the organisation or below it."""
    if parent_id is None:
        return
    parent = tree.get(parent_id)
    if parent is None:
        raise InvalidInput(f"Den överordnade organisationen {parent_id} finns inte", field="parent_id")
    if active and not parent.active:
        raise InvalidInput(f"Den överordnade organisationen {parent.name} är inaktiverad", field="parent_id")
    if organisation_id in (o.id for o in lineage(parent_id, tree)):
        raise InvalidInput(
            "En organisation kan inte placeras under sig själv eller en av sina underorganisationer",
            field="parent_id",
        )


def lineage(organisation_id: str, tree: Tree) -> list[Organisation]:
    """The organisation and its ancestors, nearest first; stops at a missing parent or at a repeat,
    so a damaged tree never loops."""
    chain: list[Organisation] = []
    seen: set[str] = set()
    current = tree.get(organisation_id)
    while current is not None and current.id not in seen:
        chain.append(current)
        seen.add(current.id)
        current = tree.get(current.parent_id) if current.parent_id else None
    return chain


def path_of(organisation_id: str, tree: Tree) -> list[str]:
    """The names from the root down to the organisation, e.g. ["Kommunstyrelsen", "Stadsbyggnadsförvaltningen"]."""
    return [o.name for o in reversed(lineage(organisation_id, tree))]


def with_paths(hits: Iterable[Organisation], tree: Tree) -> list[tuple[Organisation, list[str]]]:
    """Search hits with their paths, in the order of the tree (by path, Swedish order)."""
    pairs = [(hit, path_of(hit.id, tree)) for hit in hits]
    return sorted(pairs, key=lambda pair: path_sort_key(pair[1]))
