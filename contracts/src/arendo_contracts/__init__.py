"""Arendo message contracts: the CloudEvents envelope, topology names and message models."""

from arendo_contracts.envelope import CloudEvent, MalformedMessage
from arendo_contracts.messages import Command, Event, Message
from arendo_contracts.registry import all_messages, message_type_for

__all__ = [
    "CloudEvent",
    "Command",
    "Event",
    "MalformedMessage",
    "Message",
    "all_messages",
    "message_type_for",
]
