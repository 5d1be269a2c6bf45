"""Subscribers of the case-service: translate a contract message into a use-case call."""

from arendo_contracts import CloudEvent
from arendo_contracts.commands.case import ReplayCaseSummariesV1
from arendo_contracts.events.case import CASE_CHANGE_EVENTS, CaseCreatedV1
from arendo_contracts.events.channel import CustomerReplyReceivedV1
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
from arendo_kit.timers import TimerStore
from case_service.service import SendToQueue, receive_distribution, replay_summaries, replicate_register
from case_service.service.alerts import receive_customer_reply, track_reply_time
from case_service.service.customers import feed_customer_register
from case_service.service.event_log import record_case_event
from case_service.service.notes import purge_after_change
from case_service.store import CaseNumbers, CaseRepository, EventLogStore, RegisterReplicas
from case_service.store.attachments import AttachmentStore
from case_service.store.customers import CustomerRegister


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


def event_log_subscription(*, log: EventLogStore, registers: RegisterReplicas) -> Subscription:
    async def on_case_event(event: CloudEvent) -> None:
        """Keeps the event log (CASE-15) of every case from the case-service's own case events."""
        await record_case_event(log=log, registers=registers, event=event)

    return Subscription(
        purpose="event-log",
        bindings=["case.*.v1"],
        messages=[CaseCreatedV1, *CASE_CHANGE_EVENTS],
        handler=on_case_event,
    )


def customer_reply_subscription(
    *, cases: CaseRepository, numbers: CaseNumbers, registers: RegisterReplicas, events: EventFactory
) -> Subscription:
    async def on_customer_reply(event: CloudEvent) -> None:
        """Raises the alert "Kundsvar inkommit" (CASE-16) on the case a customer replied to; reopens
        a case closed within the system-set limit, or starts a new related case after it (CASE-28)."""
        await receive_customer_reply(cases=cases, numbers=numbers, registers=registers, events=events, event=event)

    return Subscription(
        purpose="customer-replies",
        bindings=["channel.customer_reply_received.v1"],
        messages=[CustomerReplyReceivedV1],
        handler=on_customer_reply,
    )


def reply_time_subscription(*, registers: RegisterReplicas, timers: TimerStore) -> Subscription:
    async def on_case_event(event: CloudEvent) -> None:
        """Starts, moves and stops each case's reply-time timer (CASE-16) as the case is registered
        in, moved between, answered in and closed in inboxes with a reply-time limit."""
        await track_reply_time(registers=registers, timers=timers, event=event)

    return Subscription(
        purpose="reply-time-limits",
        bindings=["case.*.v1"],
        messages=[CaseCreatedV1, *CASE_CHANGE_EVENTS],
        handler=on_case_event,
    )


def discarded_files_subscription(*, cases: CaseRepository, attachments: AttachmentStore) -> Subscription:
    async def on_case_event(event: CloudEvent) -> None:
        """Removes from storage the files of internal notes (CASE-17) that a change deleted, one by
        one or all on closing; until then the case already keeps them out of reach."""
        await purge_after_change(cases=cases, attachments=attachments, event=event)

    return Subscription(
        purpose="discarded-files",
        bindings=["case.*.v1"],
        messages=[CaseCreatedV1, *CASE_CHANGE_EVENTS],
        handler=on_case_event,
    )


def customer_register_subscription(*, cases: CaseRepository, customers: CustomerRegister) -> Subscription:
    async def on_case_event(event: CloudEvent) -> None:
        """Feeds the customer register (CASE-10) with the customer of each case registered or
        changed, read from the case; an older or repeated event never replaces newer data."""
        await feed_customer_register(cases=cases, customers=customers, event=event)

    return Subscription(
        purpose="customer-register",
        bindings=["case.*.v1"],
        messages=[CaseCreatedV1, *CASE_CHANGE_EVENTS],
        handler=on_case_event,
    )
