"""Use cases of the channel-gateway."""

from arendo_contracts import CloudEvent
from arendo_contracts.commands.channel import ChannelDeliverV1
from arendo_contracts.events.inbox import InboxSnapshot
from arendo_kit.clock import Clock, utc_now
from arendo_kit.errors import NotFound
from arendo_kit.logging import get_logger
from channel_gateway.domain.addresses import normalise_address, receives_mail
from channel_gateway.domain.deliveries import delivery_from
from channel_gateway.store import Deliveries, ReceivingAddresses

_log = get_logger(__name__)


async def receiving_addresses(*, addresses: ReceivingAddresses) -> list[InboxSnapshot]:
    return [inbox for inbox in await addresses.all_active() if receives_mail(inbox)]


async def inbox_for_address(*, addresses: ReceivingAddresses, address: str) -> InboxSnapshot:
    inbox = await addresses.inbox_for(normalise_address(address))
    if inbox is None:
        raise NotFound(f"Ingen inkorg tar emot e-post till {address}", field="address")
    return inbox


async def accept_delivery(*, deliveries: Deliveries, event: CloudEvent, clock: Clock = utc_now) -> bool:
    """Record a delivery command once; the transport of its channel sends it from the queue."""
    command = event.unwrap(ChannelDeliverV1)
    recorded = await deliveries.record(delivery_from(command, requested_by=event.actor, now=clock()))
    if recorded:
        _log.info("delivery_queued", delivery_id=command.delivery_id, channel=command.channel, purpose=command.purpose)
    return recorded
