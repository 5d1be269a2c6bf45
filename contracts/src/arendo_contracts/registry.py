"""Every message model by routing key, so consumers and docs can find them."""

from arendo_contracts.commands.case import ReplayCaseSummariesV1
from arendo_contracts.commands.channel import ChannelDeliverV1
from arendo_contracts.events.case import (
    CaseClosedV1,
    CaseCreatedV1,
    CaseReopenedV1,
    CaseSnapshotV1,
    CaseUpdatedV1,
    FavouritesChangedV1,
)
from arendo_contracts.events.channel import CustomerReplyReceivedV1
from arendo_contracts.events.distribution import CaseDistributedV1
from arendo_contracts.events.inbox import InboxCreatedV1, InboxUpdatedV1, UserCreatedV1, UserUpdatedV1
from arendo_contracts.events.registers import (
    AreaChangedV1,
    ConfidentialityParagraphChangedV1,
    DistributionListChangedV1,
    OrganisationChangedV1,
    SettingsChangedV1,
    TemplateChangedV1,
)
from arendo_contracts.messages import Message

_MESSAGES: tuple[type[Message], ...] = (
    CaseCreatedV1,
    CaseUpdatedV1,
    CaseClosedV1,
    CaseReopenedV1,
    CaseSnapshotV1,
    ReplayCaseSummariesV1,
    FavouritesChangedV1,
    CaseDistributedV1,
    ChannelDeliverV1,
    CustomerReplyReceivedV1,
    InboxCreatedV1,
    InboxUpdatedV1,
    UserCreatedV1,
    UserUpdatedV1,
    AreaChangedV1,
    OrganisationChangedV1,
    ConfidentialityParagraphChangedV1,
    TemplateChangedV1,
    DistributionListChangedV1,
    SettingsChangedV1,
)

_BY_KEY = {m.routing_key: m for m in _MESSAGES}
if len(_BY_KEY) != len(_MESSAGES):
    raise RuntimeError("two message models share a routing key")


def all_messages() -> tuple[type[Message], ...]:
    return _MESSAGES


def message_type_for(routing_key: str) -> type[Message] | None:
    return _BY_KEY.get(routing_key)
