"""Replicas of the inbox-service's registers and system settings."""

from collections.abc import Iterable

from pymongo.asynchronous.database import AsyncDatabase

from arendo_contracts.events.inbox import UserSnapshot
from arendo_contracts.events.registers import (
    SETTINGS_ID,
    AreaSnapshot,
    ConfidentialityParagraphSnapshot,
    OrganisationSnapshot,
    SystemSettingsSnapshot,
    SystemSettingsValues,
    TemplateSnapshot,
)
from arendo_contracts.templates import TemplatePurpose
from arendo_kit.mongo import Document
from arendo_kit.projections import inbox_snapshots
from arendo_kit.replica import ModelReplica

INBOXES, USERS = "inbox_replica", "user_replica"
AREAS, ORGANISATIONS, PARAGRAPHS = "area_replica", "organisation_replica", "confidentiality_paragraph_replica"
TEMPLATES, SETTINGS = "template_replica", "settings_replica"


class RegisterReplicas:
    """The inbox-service's registers and system settings as it last published them."""

    def __init__(self, db: AsyncDatabase[Document]) -> None:
        self.inboxes = inbox_snapshots(db, INBOXES)
        self.users = ModelReplica(db[USERS], UserSnapshot, id_of=lambda u: u.user_id)
        self.areas = ModelReplica(db[AREAS], AreaSnapshot, id_of=lambda a: a.area_id)
        self.organisations = ModelReplica(db[ORGANISATIONS], OrganisationSnapshot, id_of=lambda o: o.organisation_id)
        self.paragraphs = ModelReplica(db[PARAGRAPHS], ConfidentialityParagraphSnapshot, id_of=lambda p: p.paragraph_id)
        self.templates = ModelReplica(db[TEMPLATES], TemplateSnapshot, id_of=lambda t: t.template_id)
        self.settings = ModelReplica(db[SETTINGS], SystemSettingsSnapshot, id_of=lambda _: SETTINGS_ID)

    async def templates_of_inbox(self, inbox_id: str, purposes: Iterable[TemplatePurpose]) -> list[TemplateSnapshot]:
        """The inbox's active templates for these purposes, by name."""
        query = {"inbox_id": inbox_id, "active": True, "purpose": {"$in": sorted(p.value for p in purposes)}}
        found = await self.templates.find(query)
        return sorted(found, key=lambda t: (t.name.casefold(), t.template_id))

    async def system_settings(self) -> SystemSettingsValues:
        """The settings in force: the defaults until an admin's first change has been replicated."""
        return await self.settings.get(SETTINGS_ID) or SystemSettingsValues()
