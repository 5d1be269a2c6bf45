"""Use cases of the templates of an inbox."""

from arendo_contracts import CloudEvent
from arendo_contracts.events.registers import TemplateChangedV1
from arendo_contracts.templates import TemplatePurpose
from arendo_kit.auth import User as Caller
from arendo_kit.errors import Conflict, NotFound
from arendo_kit.outbox import EventFactory
from inbox_service.domain.templates import Template, new_template, revise_template
from inbox_service.service.common import expect_version, save_change
from inbox_service.store import InboxRepository, TemplateRepository

WHAT = "Mallen"


async def create_template(
    *,
    templates: TemplateRepository,
    inboxes: InboxRepository,
    events: EventFactory,
    caller: Caller,
    inbox_id: str,
    name: str,
    purpose: TemplatePurpose,
    subject: str | None,
    body: str,
) -> Template:
    await inboxes.require(inbox_id)
    template = new_template(inbox_id=inbox_id, name=name, purpose=purpose, subject=subject, body=body)
    await _check_name(templates, template)
    await templates.store(template, events=[_changed(events, caller, template)])
    return template


async def get_template(*, templates: TemplateRepository, inbox_id: str, template_id: str) -> Template:
    """A template is addressed under its inbox; under another inbox it does not exist."""
    template = await templates.get(template_id)
    if template is None or template.inbox_id != inbox_id:
        raise NotFound("Mallen finns inte i den här inkorgen")
    return template


async def list_templates(
    *,
    templates: TemplateRepository,
    inboxes: InboxRepository,
    inbox_id: str,
    purpose: TemplatePurpose | None,
    include_inactive: bool,
) -> list[Template]:
    await inboxes.require(inbox_id)
    return await templates.of_inbox(inbox_id, purpose=purpose, include_inactive=include_inactive)


async def update_template(
    *,
    templates: TemplateRepository,
    events: EventFactory,
    caller: Caller,
    inbox_id: str,
    template_id: str,
    expected_version: int,
    name: str,
    purpose: TemplatePurpose,
    subject: str | None,
    body: str,
    active: bool,
) -> Template:
    template = await get_template(templates=templates, inbox_id=inbox_id, template_id=template_id)
    expect_version(template, expected_version, what=WHAT)
    changed = revise_template(template, name=name, purpose=purpose, subject=subject, body=body, active=active)
    if changed.name_lower != template.name_lower:
        await _check_name(templates, changed)
    return await save_change(templates, before=template, after=changed, event=lambda t: _changed(events, caller, t))


async def deactivate_template(
    *,
    templates: TemplateRepository,
    events: EventFactory,
    caller: Caller,
    inbox_id: str,
    template_id: str,
    expected_version: int,
) -> Template:
    template = await get_template(templates=templates, inbox_id=inbox_id, template_id=template_id)
    return await update_template(
        templates=templates,
        events=events,
        caller=caller,
        inbox_id=inbox_id,
        template_id=template_id,
        expected_version=expected_version,
        name=template.name,
        purpose=template.purpose,
        subject=template.subject,
        body=template.body,
        active=False,
    )


def _changed(events: EventFactory, caller: Caller, template: Template) -> CloudEvent:
    return events(TemplateChangedV1(template=template.snapshot()), actor=caller.id)


async def _check_name(templates: TemplateRepository, template: Template) -> None:
    if await templates.name_taken(inbox_id=template.inbox_id, name_lower=template.name_lower, other_than=template.id):
        raise Conflict(f"Inkorgen har redan en mall som heter {template.name!r}", field="name")
