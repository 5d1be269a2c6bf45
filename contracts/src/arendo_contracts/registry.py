"""Every message model by routing key, so consumers and docs can find them."""

from arendo_contracts.events.case import CaseCreatedV1, CaseUpdatedV1, FavouritesChangedV1
from arendo_contracts.events.inbox import InboxCreatedV1, InboxUpdatedV1, UserCreatedV1, UserUpdatedV1
from arendo_contracts.messages import Message

_MESSAGES: tuple[type[Message], ...] = (
    CaseCreatedV1,
    CaseUpdatedV1,
    FavouritesChangedV1,
    InboxCreatedV1,
    InboxUpdatedV1,
    UserCreatedV1,
    UserUpdatedV1,
)

_BY_KEY = {m.routing_key: m for m in _MESSAGES}
if len(_BY_KEY) != len(_MESSAGES):
    raise RuntimeError("two message models share a routing key")


def all_messages() -> tuple[type[Message], ...]:
    return _MESSAGES


def message_type_for(routing_key: str) -> type[Message] | None:
    return _BY_KEY.get(routing_key)
