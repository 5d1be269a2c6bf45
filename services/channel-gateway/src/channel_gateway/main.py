"""The one wiring point of the channel-gateway."""

from fastapi import FastAPI

from arendo_kit.runtime import ServiceRuntime
from channel_gateway.api.routes import router
from channel_gateway.messaging import delivery_subscription, inbox_address_subscription
from channel_gateway.settings import Settings, get_settings
from channel_gateway.store import INDEXES, Deliveries, ReceivingAddresses


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    runtime = ServiceRuntime(settings)
    addresses = ReceivingAddresses(runtime.db)
    runtime.add_indexes(INDEXES)
    runtime.subscribe(inbox_address_subscription(addresses=addresses))
    deliveries = Deliveries(runtime.db)
    runtime.subscribe(delivery_subscription(deliveries=deliveries))
    app = runtime.create_app(title="Arendo channel-gateway", routers=[router])
    app.state.addresses = addresses
    app.state.deliveries = deliveries
    return app
