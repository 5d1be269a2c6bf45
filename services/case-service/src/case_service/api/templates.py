"""HTTP API of templates filled in from a case (CASE-21): "Infoga mall" in notes, replies,
referrals and distributions."""

from datetime import date
from enum import StrEnum
from typing import Annotated

from fastapi import APIRouter, Path, Query
from pydantic import BaseModel, ConfigDict, Field

from arendo_contracts.events.registers import TemplateSnapshot
from arendo_contracts.templates import TemplatePurpose
from arendo_kit.auth import CurrentUser
from case_service.api.deps import Context
from case_service.service import templates

router = APIRouter(prefix="/api/cases", tags=["templates"])

CaseId = Annotated[str, Path(min_length=1, max_length=64)]
TemplateId = Annotated[str, Path(min_length=1, max_length=64)]


class TemplateFormat(StrEnum):
    TEXT = "text"
    HTML = "html"


class TemplateOut(BaseModel):
    template_id: str
    name: str
    purpose: TemplatePurpose
    subject: str | None
    body: str = Field(description="as written, with its placeholders {{name}}")

    @classmethod
    def of(cls, template: TemplateSnapshot) -> "TemplateOut":
        return cls(
            template_id=template.template_id,
            name=template.name,
            purpose=template.purpose,
            subject=template.subject,
            body=template.body,
        )


class TemplatesOut(BaseModel):
    case_id: str
    inbox_id: str
    templates: list[TemplateOut]


class RenderIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    format: TemplateFormat = Field(
        default=TemplateFormat.TEXT, description="html for a formatted editor (values escaped), text otherwise"
    )
    desired_answer_date: date | None = Field(
        default=None, description="{{desired_answer_date}}; defaults to today + the system's referral answer days"
    )


class RenderedOut(BaseModel):
    subject: str | None = Field(description="plain text; null when the template has no subject")
    body: str
    format: TemplateFormat
    desired_answer_date: date = Field(description="the date filled in for {{desired_answer_date}}")


@router.get("/{case_id}/templates", response_model=TemplatesOut)
async def list_templates(
    case_id: CaseId,
    ctx: Context,
    caller: CurrentUser,
    purpose: Annotated[
        TemplatePurpose | None, Query(description="where it is to be used: that purpose's and `any` templates")
    ] = None,
) -> TemplatesOut:
    """The active templates of the case's inbox, by name."""
    case, found = await templates.case_templates(
        cases=ctx.cases, registers=ctx.registers, caller=caller, case_id=case_id, purpose=purpose
    )
    return TemplatesOut(case_id=case.id, inbox_id=case.inbox_id, templates=[TemplateOut.of(t) for t in found])


@router.post("/{case_id}/templates/{template_id}/render", response_model=RenderedOut)
async def render_template(
    case_id: CaseId, template_id: TemplateId, body: RenderIn, ctx: Context, caller: CurrentUser
) -> RenderedOut:
    """The template with its placeholders filled in from the case (case number and title,
    customer, current officer, inbox, today and the desired answer date as `YYYY-MM-DD`). Nothing
    is changed: the officer inserts the text and saves the note or reply as usual."""
    rendered = await templates.render_case_template(
        cases=ctx.cases,
        registers=ctx.registers,
        caller=caller,
        case_id=case_id,
        template_id=template_id,
        html=body.format is TemplateFormat.HTML,
        answer_date=body.desired_answer_date,
    )
    return RenderedOut(
        subject=rendered.subject,
        body=rendered.body,
        format=body.format,
        desired_answer_date=rendered.desired_answer_date,
    )
