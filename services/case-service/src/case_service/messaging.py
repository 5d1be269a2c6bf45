"""Subscribers of the case-service: translate a contract message into a use-case call."""

from arendo_contracts import CloudEvent
from arendo_contracts.events.inbox import InboxCreatedV1, InboxUpdatedV1, UserCreatedV1, UserUpdatedV1
from arendo_kit.consumers import Subscription
from case_service.service import replicate_register
from case_service.store import RegisterReplicas


def register_subscription(*, registers: RegisterReplicas) -> Subscription:
    async def on_register_event(event: CloudEvent) -> None:
        """Replicates the inbox-service's inboxes (with their diary plan) and users."""
        await replicate_register(registers=registers, event=event)

    return Subscription(
        purpose="inbox-registers",
        bindings=["inbox.*.v1", "user.*.v1"],
        messages=[InboxCreatedV1, InboxUpdatedV1, UserCreatedV1, UserUpdatedV1],
        handler=on_register_event,
    )
