"""Outgoing deliveries asked for with `channel.deliver.v1` (CH-11): recorded once each, queued
for the transport of their channel."""

from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from arendo_contracts.commands.channel import ChannelDeliverV1, DeliveryChannel, DeliveryPurpose


class DeliveryStatus(StrEnum):
    QUEUED = "queued"
    SENT = "sent"
    FAILED = "failed"


class Delivery(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: str
    channel: DeliveryChannel
    to: str
    subject: str | None = None
    body: str
    purpose: DeliveryPurpose
    case_id: str | None = None
    requested_by: str
    received_at: datetime
    status: DeliveryStatus = DeliveryStatus.QUEUED


def delivery_from(command: ChannelDeliverV1, *, requested_by: str, now: datetime) -> Delivery:
    return Delivery(
        id=command.delivery_id,
        channel=command.channel,
        to=command.to.strip(),
        subject=command.subject,
        body=command.body,
        purpose=command.purpose,
        case_id=command.case_id,
        requested_by=requested_by,
        received_at=now,
    )
