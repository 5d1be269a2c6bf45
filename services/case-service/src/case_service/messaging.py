"""Subscribers of the case-service: translate a contract message into a use-case call."""

from arendo_contracts import CloudEvent
from arendo_contracts.commands.case import ReplayCaseSummariesV1
from arendo_contracts.events.distribution import CaseDistributedV1
from arendo_contracts.events.inbox import InboxCreatedV1, InboxUpdatedV1, UserCreatedV1, UserUpdatedV1
from arendo_contracts.events.registers import (
    AreaChangedV1,
    ConfidentialityParagraphChangedV1,
    OrganisationChangedV1,
    SettingsChangedV1,
    TemplateChangedV1,
)
from arendo_contracts.topology import COMMANDS_EXCHANGE
from arendo_kit.consumers import Subscription
from arendo_kit.outbox import EventFactory
from case_service.service import SendToQueue, receive_distribution, replay_summaries, replicate_register
from case_service.store import CaseRepository, RegisterReplicas


def register_subscription(*, registers: RegisterReplicas) -> Subscription:
    async def on_register_event(event: CloudEvent) -> None:
        """Replicates the inbox-service's registers: inboxes (with their diary plan), users, areas,
        organisations, confidentiality paragraphs, templates and the system settings."""
        await replicate_register(registers=registers, event=event)

    # Distribution lists are the referral-service's concern; this queue does not bind them.
    return Subscription(
        purpose="inbox-registers",
        bindings=[
            "inbox.*.v1",
            "user.*.v1",
            "area.*.v1",
            "organisation.*.v1",
            "confidentiality_paragraph.*.v1",
            "template.*.v1",
            "settings.*.v1",
        ],
        messages=[
            InboxCreatedV1,
            InboxUpdatedV1,
            UserCreatedV1,
            UserUpdatedV1,
            AreaChangedV1,
            OrganisationChangedV1,
            ConfidentialityParagraphChangedV1,
            TemplateChangedV1,
            SettingsChangedV1,
        ],
        handler=on_register_event,
    )


def distribution_subscription(*, cases: CaseRepository, events: EventFactory) -> Subscription:
    async def on_distribution(event: CloudEvent) -> None:
        """Moves each case the inbox-service distributed, with its note and feedback requirement."""
        await receive_distribution(cases=cases, events=events, event=event)

    return Subscription(
        purpose="distributions",
        bindings=["distribution.*.v1"],
        messages=[CaseDistributedV1],
        handler=on_distribution,
    )


def replay_subscription(*, cases: CaseRepository, events: EventFactory, send: SendToQueue) -> Subscription:
    async def on_replay_request(event: CloudEvent) -> None:
        """Replays every case summary to the consumer queue that asks, to rebuild its projection."""
        await replay_summaries(cases=cases, events=events, send=send, event=event)

    return Subscription(
        purpose="replay-requests",
        bindings=["case.replay_summaries.v1"],
        messages=[ReplayCaseSummariesV1],
        handler=on_replay_request,
        exchange=COMMANDS_EXCHANGE,
    )
