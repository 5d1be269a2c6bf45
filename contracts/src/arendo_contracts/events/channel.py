"""Events of the channel-gateway, the owner of every transport (e-mail, SMS, social media, my pages)."""

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from arendo_contracts.messages import Event
from arendo_contracts.vocabulary import Channel


class ReceivedDeedSummary(BaseModel):
    """What arrived, in short: enough for an alert and a notification, not the message itself."""

    model_config = ConfigDict(frozen=True)

    deed_id: str | None = Field(default=None, description="the deed the reply is registered as, when known")
    kind: str = Field(description="the deed kind, e.g. incoming_email, sms, social_post, portal_message")
    title: str | None = Field(default=None, description="the subject line or first words")
    sender: str | None = Field(default=None, description="the sender's address, number or name")
    excerpt: str | None = Field(default=None, max_length=500)
    attachment_count: int = Field(default=0, ge=0)


class CustomerReplyReceivedV1(Event):
    """A customer's reply to an existing case arrived on a channel; the case-service raises the
    alert "Kundsvar inkommit" on the case (CASE-16)."""

    routing_key = "channel.customer_reply_received.v1"

    case_id: str
    received_at: datetime
    channel: Channel
    deed: ReceivedDeedSummary

    def subject_id(self) -> str:
        return self.case_id
