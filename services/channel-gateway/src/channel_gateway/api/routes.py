"""HTTP API of the channel-gateway under /api/channels."""

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query
from pydantic import BaseModel

from arendo_contracts.events.inbox import InboxSnapshot
from arendo_kit.auth import CurrentUser
from arendo_kit.http import from_app_state
from channel_gateway import service
from channel_gateway.domain.deliveries import Delivery, DeliveryStatus
from channel_gateway.store import Deliveries, ReceivingAddresses

router = APIRouter(prefix="/api/channels", tags=["channels"])

Addresses = Annotated[ReceivingAddresses, Depends(from_app_state("addresses", ReceivingAddresses))]


class ReceivingAddress(BaseModel):
    address: str
    inbox_id: str
    inbox_name: str

    @classmethod
    def of(cls, inbox: InboxSnapshot) -> "ReceivingAddress":
        return cls(address=inbox.email or "", inbox_id=inbox.inbox_id, inbox_name=inbox.name)


@router.get("/email/addresses", response_model=list[ReceivingAddress])
async def list_receiving_addresses(addresses: Addresses, _: CurrentUser) -> list[ReceivingAddress]:
    """The addresses mail is received on, each bound to the inbox its new cases land in."""
    return [ReceivingAddress.of(i) for i in await service.receiving_addresses(addresses=addresses)]


@router.get("/email/addresses/{address}", response_model=ReceivingAddress)
async def resolve_address(
    address: Annotated[str, Path(min_length=3, max_length=254)], addresses: Addresses, _: CurrentUser
) -> ReceivingAddress:
    return ReceivingAddress.of(await service.inbox_for_address(addresses=addresses, address=address))


DeliveriesDep = Annotated[Deliveries, Depends(from_app_state("deliveries", Deliveries))]


@router.get("/deliveries", response_model=list[Delivery])
async def list_deliveries(
    deliveries: DeliveriesDep,
    _: CurrentUser,
    case_id: Annotated[str | None, Query(max_length=64)] = None,
    status: DeliveryStatus | None = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> list[Delivery]:
    """Outgoing deliveries, newest first: notifications to inboxes and customers, and their state."""
    return await deliveries.find(case_id=case_id, status=status, limit=limit)
