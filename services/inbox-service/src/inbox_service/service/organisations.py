"""Use cases of the organisation tree."""

from arendo_contracts import CloudEvent
from arendo_contracts.events.registers import OrganisationChangedV1
from arendo_kit.auth import User as Caller
from arendo_kit.errors import Conflict
from arendo_kit.outbox import EventFactory
from inbox_service.domain.organisations import (
    Organisation,
    new_organisation,
    path_of,
    revise_organisation,
    with_paths,
)
from inbox_service.service.common import expect_version, save_change
from inbox_service.store import OrganisationRepository

WHAT = "Organisationen"

OrganisationWithPath = tuple[Organisation, list[str]]


async def create_organisation(
    *,
    organisations: OrganisationRepository,
    events: EventFactory,
    caller: Caller,
    name: str,
    parent_id: str | None,
) -> OrganisationWithPath:
    tree = await organisations.with_ancestors(ids=[parent_id] if parent_id else [])
    organisation = new_organisation(name=name, parent_id=parent_id, tree=tree)
    await _check_name(organisations, organisation)
    await organisations.store(organisation, events=[_changed(events, caller, organisation)])
    return organisation, path_of(organisation.id, {**tree, organisation.id: organisation})


async def get_organisation(*, organisations: OrganisationRepository, organisation_id: str) -> OrganisationWithPath:
    organisation = await organisations.require(organisation_id)
    tree = await organisations.with_ancestors([organisation])
    return organisation, path_of(organisation.id, tree)


async def search_organisations(
    *, organisations: OrganisationRepository, text: str | None, include_inactive: bool
) -> list[OrganisationWithPath]:
    """CASE-05: organisations whose name contains the text, each with its path from the root."""
    hits = await organisations.search(text=text, include_inactive=include_inactive)
    return with_paths(hits, await organisations.with_ancestors(hits))


async def update_organisation(
    *,
    organisations: OrganisationRepository,
    events: EventFactory,
    caller: Caller,
    organisation_id: str,
    expected_version: int,
    name: str,
    parent_id: str | None,
    active: bool,
) -> OrganisationWithPath:
    organisation = await organisations.require(organisation_id)
    expect_version(organisation, expected_version, what=WHAT)
    tree = await organisations.with_ancestors(ids=[parent_id] if parent_id else [])
    deactivating = organisation.active and not active
    changed = revise_organisation(
        organisation,
        name=name,
        parent_id=parent_id,
        active=active,
        tree=tree,
        has_active_children=deactivating and await organisations.has_active_children(organisation.id),
    )
    if (changed.name_lower, changed.parent_id) != (organisation.name_lower, organisation.parent_id):
        await _check_name(organisations, changed)
    saved = await save_change(
        organisations, before=organisation, after=changed, event=lambda o: _changed(events, caller, o)
    )
    return saved, path_of(saved.id, {**tree, saved.id: saved})


async def deactivate_organisation(
    *,
    organisations: OrganisationRepository,
    events: EventFactory,
    caller: Caller,
    organisation_id: str,
    expected_version: int,
) -> OrganisationWithPath:
    """Never deleted: cases keep their organisation; refused while active units are below it."""
    organisation = await organisations.require(organisation_id)
    return await update_organisation(
        organisations=organisations,
        events=events,
        caller=caller,
        organisation_id=organisation_id,
        expected_version=expected_version,
        name=organisation.name,
        parent_id=organisation.parent_id,
        active=False,
    )


def _changed(events: EventFactory, caller: Caller, organisation: Organisation) -> CloudEvent:
    return events(OrganisationChangedV1(organisation=organisation.snapshot()), actor=caller.id)


async def _check_name(organisations: OrganisationRepository, organisation: Organisation) -> None:
    taken = await organisations.sibling_name_taken(
        name_lower=organisation.name_lower, parent_id=organisation.parent_id, other_than=organisation.id
    )
    if taken:
        raise Conflict(f"Det finns redan en organisation som heter {organisation.name!r} på samma plats", field="name")
