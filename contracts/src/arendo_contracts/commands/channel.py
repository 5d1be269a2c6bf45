"""Commands to the channel-gateway, the owner of every transport."""

from enum import StrEnum

from pydantic import Field

from arendo_contracts.messages import Command


class DeliveryChannel(StrEnum):
    EMAIL = "email"
    SMS = "sms"


class DeliveryPurpose(StrEnum):
    INBOX_NOTIFICATION = "inbox_notification"
    CUSTOMER_NOTIFICATION = "customer_notification"


class ChannelDeliverV1(Command):
    """Deliver one message to one recipient; the gateway picks the transport for the channel."""

    routing_key = "channel.deliver.v1"

    delivery_id: str
    channel: DeliveryChannel
    to: str = Field(min_length=3, max_length=254)
    subject: str | None = None
    body: str
    purpose: DeliveryPurpose
    case_id: str | None = None

    def subject_id(self) -> str:
        return self.case_id or self.delivery_id
