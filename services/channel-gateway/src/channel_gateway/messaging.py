"""Subscribers of the channel-gateway."""

from arendo_kit.consumers import Subscription
from arendo_kit.projections import inbox_snapshot_subscription
from channel_gateway.store import ReceivingAddresses


def inbox_address_subscription(*, addresses: ReceivingAddresses) -> Subscription:
    return inbox_snapshot_subscription(
        purpose="inbox-addresses",
        replica=addresses.replica,
        description="Keeps the receiving e-mail address of every inbox, so incoming mail finds its inbox.",
    )
