"""Delivery commands reach the channel-gateway and are queued once each."""

import uuid

import httpx
import pytest

from arendo_contracts.commands.channel import ChannelDeliverV1
from arendo_kit.testing.events import publish_event
from arendo_kit.testing.polling import eventually

pytestmark = pytest.mark.integration


async def test_a_delivery_command_is_queued_once(api: httpx.AsyncClient, rabbitmq_url: str) -> None:
    case_id = str(uuid.uuid4())
    command = ChannelDeliverV1(
        delivery_id=str(uuid.uuid4()),
        channel="email",
        to="kund@example.se",
        subject="Ditt ärende",
        body="Hej!",
        purpose="customer_notification",
        case_id=case_id,
    )
    await publish_event(rabbitmq_url, command, source="inbox-service", actor="u-anna")
    await publish_event(rabbitmq_url, command, source="inbox-service", actor="u-anna")  # asked for twice

    async def queued() -> list[dict[str, object]] | None:
        found: list[dict[str, object]] = (await api.get("/api/channels/deliveries", params={"case_id": case_id})).json()
        return found or None

    [delivery] = await eventually(queued, what="delivery queued")
    assert (delivery["to"], delivery["status"], delivery["requested_by"]) == ("kund@example.se", "queued", "u-anna")
    marker = ChannelDeliverV1(
        delivery_id=str(uuid.uuid4()),
        channel="sms",
        to="+46701234567",
        body="Nytt ärende",
        purpose="inbox_notification",
        case_id=case_id,
    )
    await publish_event(rabbitmq_url, marker, source="inbox-service")
    both = await eventually(lambda: _count(api, case_id, 2), what="second delivery queued")
    assert both == 2


async def _count(api: httpx.AsyncClient, case_id: str, expected: int) -> int | None:
    found = (await api.get("/api/channels/deliveries", params={"case_id": case_id})).json()
    return len(found) if len(found) == expected else None
