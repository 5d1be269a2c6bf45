"""Change events of the admin-managed registers of the inbox-service (INB-03) and the system settings.

Every create, change and deactivation publishes the whole item after the change with its
`version`, so a replica is a version-guarded upsert. Items are never deleted: deactivated
(`active: false`) they stay resolvable from the cases that refer to them.
"""

from pydantic import BaseModel, ConfigDict, Field

from arendo_contracts.messages import Event
from arendo_contracts.templates import TemplatePurpose

SETTINGS_ID = "system"


class AreaSnapshot(BaseModel):
    """An area (område) a case can be filed under (CASE-05)."""

    model_config = ConfigDict(frozen=True)

    area_id: str
    name: str
    description: str | None = None
    active: bool = True
    version: int = Field(ge=1)


class AreaChangedV1(Event):
    """An area was created, changed or deactivated: the whole area after the change."""

    routing_key = "area.changed.v1"

    area: AreaSnapshot

    def subject_id(self) -> str:
        return self.area.area_id


class OrganisationSnapshot(BaseModel):
    """A unit of the municipality's organisation tree; the root units have no parent."""

    model_config = ConfigDict(frozen=True)

    organisation_id: str
    name: str
    parent_id: str | None = None
    active: bool = True
    version: int = Field(ge=1)


class OrganisationChangedV1(Event):
    """An organisation was created, changed (renamed, moved) or deactivated: the whole item after the change."""

    routing_key = "organisation.changed.v1"

    organisation: OrganisationSnapshot

    def subject_id(self) -> str:
        return self.organisation.organisation_id


class ConfidentialityParagraphSnapshot(BaseModel):
    """A legal ground for confidentiality (sekretessparagraf), e.g. "OSL 26 kap. 1 §" (CASE-07)."""

    model_config = ConfigDict(frozen=True)

    paragraph_id: str
    code: str
    title: str
    description: str | None = None
    active: bool = True
    version: int = Field(ge=1)


class ConfidentialityParagraphChangedV1(Event):
    """A confidentiality paragraph was created, changed or deactivated: the whole item after the change."""

    routing_key = "confidentiality_paragraph.changed.v1"

    paragraph: ConfidentialityParagraphSnapshot

    def subject_id(self) -> str:
        return self.paragraph.paragraph_id


class TemplateSnapshot(BaseModel):
    """A template of one inbox (CASE-21); placeholders are `{{name}}` with a name from PLACEHOLDERS."""

    model_config = ConfigDict(frozen=True)

    template_id: str
    inbox_id: str
    name: str
    purpose: TemplatePurpose
    subject: str | None = None
    body: str
    active: bool = True
    version: int = Field(ge=1)


class TemplateChangedV1(Event):
    """A template was created, changed or deactivated: the whole template after the change."""

    routing_key = "template.changed.v1"

    template: TemplateSnapshot

    def subject_id(self) -> str:
        return self.template.template_id


class Recipient(BaseModel):
    model_config = ConfigDict(frozen=True)

    name: str | None = None
    email: str


class DistributionListSnapshot(BaseModel):
    """Recipients a referral can be sent to in one choice (REF-01)."""

    model_config = ConfigDict(frozen=True)

    distribution_list_id: str
    name: str
    recipients: tuple[Recipient, ...]
    active: bool = True
    version: int = Field(ge=1)


class DistributionListChangedV1(Event):
    """A distribution list was created, changed or deactivated: the whole list after the change."""

    routing_key = "distribution_list.changed.v1"

    distribution_list: DistributionListSnapshot

    def subject_id(self) -> str:
        return self.distribution_list.distribution_list_id


class SystemSettingsValues(BaseModel):
    """The admin-managed system settings; each default holds until an admin changes it."""

    model_config = ConfigDict(frozen=True)

    referral_answer_days: int = 14
    auto_reopen_days: int = 30
    confirm_on_close: bool = True
    offer_close_subcases: bool = True
    warn_unanswered_on_close: bool = True
    event_date_visible: bool = False
    lock_expiry_minutes: int = 30
    sms_max_parts: int = 3


class SystemSettingsSnapshot(SystemSettingsValues):
    version: int = Field(ge=1)


class SettingsChangedV1(Event):
    """The system settings changed: all of them after the change. Until the first change the defaults hold."""

    routing_key = "settings.changed.v1"

    settings: SystemSettingsSnapshot

    def subject_id(self) -> str:
        return SETTINGS_ID
