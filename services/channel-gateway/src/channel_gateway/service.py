"""Use cases of the channel-gateway."""

from arendo_contracts.events.inbox import InboxSnapshot
from arendo_kit.errors import NotFound
from channel_gateway.domain.addresses import normalise_address, receives_mail
from channel_gateway.store import ReceivingAddresses


async def receiving_addresses(*, addresses: ReceivingAddresses) -> list[InboxSnapshot]:
    return [inbox for inbox in await addresses.all_active() if receives_mail(inbox)]


async def inbox_for_address(*, addresses: ReceivingAddresses, address: str) -> InboxSnapshot:
    inbox = await addresses.inbox_for(normalise_address(address))
    if inbox is None:
        raise NotFound(f"Ingen inkorg tar emot e-post till {address}", field="address")
    return inbox
