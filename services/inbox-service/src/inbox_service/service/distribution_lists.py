"""Use cases of the distribution lists register."""

from collections.abc import Sequence

from arendo_contracts import CloudEvent
from arendo_contracts.events.registers import DistributionListChangedV1, Recipient
from arendo_kit.auth import User as Caller
from arendo_kit.errors import Conflict
from arendo_kit.outbox import EventFactory
from inbox_service.domain.distribution_lists import DistributionList, new_distribution_list, revise_distribution_list
from inbox_service.service.common import expect_version, save_change
from inbox_service.store import DistributionListRepository

WHAT = "Sändlistan"


async def create_distribution_list(
    *,
    distribution_lists: DistributionListRepository,
    events: EventFactory,
    caller: Caller,
    name: str,
    recipients: Sequence[Recipient],
) -> DistributionList:
    created = new_distribution_list(name=name, recipients=recipients)
    await _check_name(distribution_lists, created)
    await distribution_lists.store(created, events=[_changed(events, caller, created)])
    return created


async def update_distribution_list(
    *,
    distribution_lists: DistributionListRepository,
    events: EventFactory,
    caller: Caller,
    distribution_list_id: str,
    expected_version: int,
    name: str,
    recipients: Sequence[Recipient],
    active: bool,
) -> DistributionList:
    current = await distribution_lists.require(distribution_list_id)
    expect_version(current, expected_version, what=WHAT)
    changed = revise_distribution_list(current, name=name, recipients=recipients, active=active)
    if changed.name_lower != current.name_lower:
        await _check_name(distribution_lists, changed)
    return await save_change(
        distribution_lists, before=current, after=changed, event=lambda d: _changed(events, caller, d)
    )


async def deactivate_distribution_list(
    *,
    distribution_lists: DistributionListRepository,
    events: EventFactory,
    caller: Caller,
    distribution_list_id: str,
    expected_version: int,
) -> DistributionList:
    """Never deleted: a sent referral keeps naming the list it went to."""
    current = await distribution_lists.require(distribution_list_id)
    return await update_distribution_list(
        distribution_lists=distribution_lists,
        events=events,
        caller=caller,
        distribution_list_id=distribution_list_id,
        expected_version=expected_version,
        name=current.name,
        recipients=current.recipients,
        active=False,
    )


def _changed(events: EventFactory, caller: Caller, distribution_list: DistributionList) -> CloudEvent:
    return events(DistributionListChangedV1(distribution_list=distribution_list.snapshot()), actor=caller.id)


async def _check_name(distribution_lists: DistributionListRepository, candidate: DistributionList) -> None:
    if await distribution_lists.key_taken(candidate.name_lower, other_than=candidate.id):
        raise Conflict(f"Det finns redan en sändlista som heter {candidate.name!r}", field="name")
