"""Request and response bodies of the admin registers (INB-03) and the system settings.

A create (POST) leaves out what has a default; a change (PUT) sends the whole item, `active`
included, so that nothing is reset by leaving it out.
"""

from pydantic import BaseModel, ConfigDict, EmailStr, Field

from arendo_contracts.events.registers import Recipient
from arendo_contracts.templates import TemplatePurpose
from inbox_service.domain.areas import Area
from inbox_service.domain.distribution_lists import DistributionList
from inbox_service.domain.organisations import Organisation
from inbox_service.domain.paragraphs import ConfidentialityParagraph
from inbox_service.domain.system_settings import SystemSettings
from inbox_service.domain.templates import Template

Name = Field(min_length=1, max_length=200)
Description = Field(default=None, max_length=4000)


class Request(BaseModel):
    model_config = ConfigDict(extra="forbid")


class AreaCreate(Request):
    name: str = Name
    description: str | None = Description


class AreaUpdate(Request):
    name: str = Name
    description: str | None = Field(max_length=4000)
    active: bool


class AreaOut(BaseModel):
    id: str
    name: str
    description: str | None
    active: bool
    version: int

    @classmethod
    def of(cls, area: Area) -> "AreaOut":
        return cls(id=area.id, name=area.name, description=area.description, active=area.active, version=area.version)


class OrganisationCreate(Request):
    name: str = Name
    parent_id: str | None = Field(default=None, min_length=1, max_length=64, description="absent for a root unit")


class OrganisationUpdate(Request):
    name: str = Name
    parent_id: str | None = Field(min_length=1, max_length=64)
    active: bool


class OrganisationOut(BaseModel):
    id: str
    name: str
    parent_id: str | None
    path: list[str] = Field(description="the names from the root down to this organisation")
    active: bool
    version: int

    @classmethod
    def of(cls, organisation: Organisation, path: list[str]) -> "OrganisationOut":
        return cls(
            id=organisation.id,
            name=organisation.name,
            parent_id=organisation.parent_id,
            path=path,
            active=organisation.active,
            version=organisation.version,
        )


class ParagraphCreate(Request):
    code: str = Field(min_length=1, max_length=100, description='e.g. "OSL 26 kap. 1 §"')
    title: str = Field(min_length=1, max_length=300)
    description: str | None = Description


class ParagraphUpdate(Request):
    code: str = Field(min_length=1, max_length=100)
    title: str = Field(min_length=1, max_length=300)
    description: str | None = Field(max_length=4000)
    active: bool


class ParagraphOut(BaseModel):
    id: str
    code: str
    title: str
    description: str | None
    active: bool
    version: int

    @classmethod
    def of(cls, paragraph: ConfidentialityParagraph) -> "ParagraphOut":
        return cls(
            id=paragraph.id,
            code=paragraph.code,
            title=paragraph.title,
            description=paragraph.description,
            active=paragraph.active,
            version=paragraph.version,
        )


PLACEHOLDER_HELP = "placeholders are written {{case_number}}; see arendo_contracts.templates.PLACEHOLDERS"


class TemplateCreate(Request):
    name: str = Name
    purpose: TemplatePurpose = TemplatePurpose.ANY
    subject: str | None = Field(default=None, max_length=500, description=PLACEHOLDER_HELP)
    body: str = Field(min_length=1, max_length=50_000, description=PLACEHOLDER_HELP)


class TemplateUpdate(Request):
    name: str = Name
    purpose: TemplatePurpose
    subject: str | None = Field(max_length=500, description=PLACEHOLDER_HELP)
    body: str = Field(min_length=1, max_length=50_000, description=PLACEHOLDER_HELP)
    active: bool


class TemplateOut(BaseModel):
    id: str
    inbox_id: str
    name: str
    purpose: TemplatePurpose
    subject: str | None
    body: str
    active: bool
    version: int

    @classmethod
    def of(cls, template: Template) -> "TemplateOut":
        return cls.model_validate(template.model_dump(exclude={"name_lower"}))


class RecipientIn(Request):
    name: str | None = Field(default=None, max_length=200)
    email: EmailStr

    def recipient(self) -> Recipient:
        return Recipient(name=self.name, email=self.email)


class DistributionListCreate(Request):
    name: str = Name
    recipients: list[RecipientIn] = Field(min_length=1, max_length=500)


class DistributionListUpdate(Request):
    name: str = Name
    recipients: list[RecipientIn] = Field(min_length=1, max_length=500)
    active: bool


class DistributionListOut(BaseModel):
    id: str
    name: str
    recipients: list[Recipient]
    active: bool
    version: int

    @classmethod
    def of(cls, distribution_list: DistributionList) -> "DistributionListOut":
        return cls(
            id=distribution_list.id,
            name=distribution_list.name,
            recipients=list(distribution_list.recipients),
            active=distribution_list.active,
            version=distribution_list.version,
        )


class SettingsUpdate(Request):
    """Every setting; the allowed ranges are checked by the rules (inbox_service.domain.system_settings)."""

    referral_answer_days: int = Field(description="default desired answer date of a referral, days (REF-01)")
    auto_reopen_days: int = Field(description="a reply within this many days after closing reopens the case (CASE-28)")
    confirm_on_close: bool = Field(description="ask for confirmation when closing (CASE-27)")
    offer_close_subcases: bool = Field(description="offer to close the sub-cases too (CASE-27)")
    warn_unanswered_on_close: bool = Field(description="warn when the customer wants an answer and has none (CASE-27)")
    event_date_visible: bool = Field(description="show the event date on the case card (CASE-06)")
    lock_expiry_minutes: int = Field(description="a case lock expires after this many minutes")
    sms_max_parts: int = Field(description="the most SMS parts one message may be split into")


class SettingsOut(BaseModel):
    referral_answer_days: int
    auto_reopen_days: int
    confirm_on_close: bool
    offer_close_subcases: bool
    warn_unanswered_on_close: bool
    event_date_visible: bool
    lock_expiry_minutes: int
    sms_max_parts: int
    version: int

    @classmethod
    def of(cls, settings: SystemSettings) -> "SettingsOut":
        return cls(**settings.values.model_dump(), version=settings.version)
