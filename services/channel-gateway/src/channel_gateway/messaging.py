"""Subscribers of the channel-gateway."""

from arendo_contracts import CloudEvent
from arendo_contracts.commands.channel import ChannelDeliverV1
from arendo_contracts.topology import COMMANDS_EXCHANGE
from arendo_kit.consumers import Subscription
from arendo_kit.projections import inbox_snapshot_subscription
from channel_gateway.service import accept_delivery
from channel_gateway.store import Deliveries, ReceivingAddresses


def inbox_address_subscription(*, addresses: ReceivingAddresses) -> Subscription:
    return inbox_snapshot_subscription(
        purpose="inbox-addresses",
        replica=addresses.replica,
        description="Keeps the receiving e-mail address of every inbox, so incoming mail finds its inbox.",
    )


def delivery_subscription(*, deliveries: Deliveries) -> Subscription:
    async def on_deliver(event: CloudEvent) -> None:
        """Queues each delivery asked for (inbox and customer notifications, CH-11)."""
        await accept_delivery(deliveries=deliveries, event=event)

    return Subscription(
        purpose="deliveries",
        bindings=["channel.deliver.v1"],
        messages=[ChannelDeliverV1],
        handler=on_deliver,
        exchange=COMMANDS_EXCHANGE,
    )
