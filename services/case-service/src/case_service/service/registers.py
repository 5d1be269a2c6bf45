"""Use case of the register replicas the case card picks from."""

from arendo_contracts import CloudEvent
from arendo_contracts.events.inbox import UserCreatedV1, UserUpdatedV1
from arendo_contracts.events.registers import (
    AreaChangedV1,
    ConfidentialityParagraphChangedV1,
    OrganisationChangedV1,
    SettingsChangedV1,
    TemplateChangedV1,
)
from arendo_kit.projections import inbox_snapshot_of
from case_service.store import RegisterReplicas


async def replicate_register(*, registers: RegisterReplicas, event: CloudEvent) -> None:
    """Keep the local copy of the registers; an older or repeated event changes nothing."""
    if (inbox := inbox_snapshot_of(event)) is not None:
        await registers.inboxes.apply(inbox)
        return
    match event.routing_key:
        case UserCreatedV1.routing_key:
            await registers.users.apply(event.unwrap(UserCreatedV1).user)
        case UserUpdatedV1.routing_key:
            await registers.users.apply(event.unwrap(UserUpdatedV1).user)
        case AreaChangedV1.routing_key:
            await registers.areas.apply(event.unwrap(AreaChangedV1).area)
        case OrganisationChangedV1.routing_key:
            await registers.organisations.apply(event.unwrap(OrganisationChangedV1).organisation)
        case ConfidentialityParagraphChangedV1.routing_key:
            await registers.paragraphs.apply(event.unwrap(ConfidentialityParagraphChangedV1).paragraph)
        case TemplateChangedV1.routing_key:
            await registers.templates.apply(event.unwrap(TemplateChangedV1).template)
        case SettingsChangedV1.routing_key:
            await registers.settings.apply(event.unwrap(SettingsChangedV1).settings)
        case _:
            pass  # a register event this version does not replicate
