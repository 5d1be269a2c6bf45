"""Use cases of templates (mallar, CASE-21) in a case: the templates of the case's inbox offered
for a purpose, and one filled in from the case for a note, reply, referral or distribution."""

from dataclasses import dataclass
from datetime import date

from arendo_contracts.events.registers import TemplateSnapshot
from arendo_contracts.templates import TemplatePurpose, render_template
from arendo_kit.auth import User
from arendo_kit.clock import Clock, utc_now
from arendo_kit.errors import NotFound
from case_service.domain.case import Case
from case_service.domain.rich_text import sanitise_html, text_to_html
from case_service.domain.template_values import desired_answer_date, offered_purposes, swedish_date, template_values
from case_service.service.access import readable_case
from case_service.store import CaseRepository, RegisterReplicas

NOT_FOUND = "Mallen finns inte"


@dataclass(frozen=True)
class RenderedTemplate:
    subject: str | None
    body: str
    desired_answer_date: date


async def case_templates(
    *,
    cases: CaseRepository,
    registers: RegisterReplicas,
    caller: User,
    case_id: str,
    purpose: TemplatePurpose | None,
) -> tuple[Case, list[TemplateSnapshot]]:
    """The active templates of the case's inbox for the purpose (its own and `any`), by name."""
    case = await readable_case(cases=cases, registers=registers, caller=caller, case_id=case_id)
    return case, await registers.templates_of_inbox(case.inbox_id, offered_purposes(purpose))


async def render_case_template(
    *,
    cases: CaseRepository,
    registers: RegisterReplicas,
    caller: User,
    case_id: str,
    template_id: str,
    html: bool,
    answer_date: date | None = None,
    clock: Clock = utc_now,
) -> RenderedTemplate:
    """The template filled in from the case. The subject is always plain text; the body is plain
    text, or for a formatted editor the template's text as paragraphs with the values escaped."""
    case = await readable_case(cases=cases, registers=registers, caller=caller, case_id=case_id)
    template = await registers.templates.get(template_id)
    if template is None or template.inbox_id != case.inbox_id or not template.active:
        raise NotFound(NOT_FOUND)
    inbox = await registers.inboxes.get(case.inbox_id)
    settings = await registers.system_settings()
    today = swedish_date(clock())
    answer = desired_answer_date(today=today, chosen=answer_date, answer_days=settings.referral_answer_days)
    values = template_values(case, inbox_name=inbox.name if inbox else None, today=today, answer_date=answer)
    subject = render_template(template.subject, values, html=False) if template.subject else None
    if html:
        # Sanitised as a note is when saved, so the editor is never handed markup it would refuse.
        body = sanitise_html(render_template(text_to_html(template.body), values, html=True))
    else:
        body = render_template(template.body, values, html=False)
    return RenderedTemplate(subject=subject, body=body, desired_answer_date=answer)
