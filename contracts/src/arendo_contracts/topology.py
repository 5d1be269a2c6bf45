"""Exchange names and routing-key rules shared by every publisher and subscriber."""

import re

EVENTS_EXCHANGE = "arendo.events"
COMMANDS_EXCHANGE = "arendo.commands"

CLOUDEVENTS_TYPE_PREFIX = "se.arendo."
SCHEMA_URN_PREFIX = "urn:se.arendo:schema:"

_ROUTING_KEY = re.compile(r"^[a-z][a-z_]*\.[a-z][a-z_]*\.v[1-9][0-9]*$")


def check_routing_key(routing_key: str) -> str:
    """Routing keys are `<context>.<event>.v<major>`, e.g. `case.officer_changed.v1`."""
    if not _ROUTING_KEY.match(routing_key):
        raise ValueError(f"routing key {routing_key!r} is not '<context>.<event>.v<major>'")
    return routing_key


def cloudevents_type(routing_key: str) -> str:
    return CLOUDEVENTS_TYPE_PREFIX + routing_key


def routing_key_of_type(ce_type: str) -> str:
    if not ce_type.startswith(CLOUDEVENTS_TYPE_PREFIX):
        raise ValueError(f"CloudEvents type {ce_type!r} does not start with {CLOUDEVENTS_TYPE_PREFIX!r}")
    return ce_type.removeprefix(CLOUDEVENTS_TYPE_PREFIX)


def schema_urn(routing_key: str) -> str:
    return SCHEMA_URN_PREFIX + routing_key


def queue_name(service: str, purpose: str) -> str:
    """Each consumer owns one durable queue named `<service>.<purpose>`."""
    return f"{service}.{purpose}"
