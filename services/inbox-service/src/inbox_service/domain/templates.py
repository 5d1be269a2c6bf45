"""Templates (mallar) per inbox and their placeholders (bokmärken) (CASE-21).

A placeholder is written `{{case_number}}` (spaces inside the braces are allowed); its name must be
one of arendo_contracts.templates.PLACEHOLDERS, the names the services fill in. The syntax is read
by the scanner in arendo_contracts.templates, the one the services filling templates in use too. A template with an
unknown or malformed placeholder is refused when saved, so it never fails when used.
"""

import uuid
from typing import Any

from arendo_contracts.events.registers import TemplateSnapshot
from arendo_contracts.templates import (
    PLACEHOLDER_CLOSE,
    PLACEHOLDER_OPEN,
    PLACEHOLDERS,
    PlaceholderError,
    TemplatePurpose,
    placeholders_in,
)
from arendo_kit.errors import InvalidInput
from arendo_kit.repository import AggregateRoot
from inbox_service.domain.revision import revised
from inbox_service.domain.search import optional_text, tidy

NAME_MISSING = "Mallen behöver ett namn"
FIELD_LABELS = {"subject": "ämnesraden", "body": "texten"}


def check_placeholders(text: str, *, field: str) -> list[str]:
    """The placeholders of a template text; a 422 naming the field and the placeholder when one is bad."""
    label = FIELD_LABELS.get(field, field)
    try:
        names = placeholders_in(text)
    except PlaceholderError as error:
        raise InvalidInput(f"Felaktigt bokmärke {error.placeholder!r} i {label}: {error.reason}", field=field) from None
    for name in names:
        if name not in PLACEHOLDERS:
            known = ", ".join(f"{PLACEHOLDER_OPEN}{p}{PLACEHOLDER_CLOSE}" for p in PLACEHOLDERS)
            raise InvalidInput(
                f"Okänt bokmärke {PLACEHOLDER_OPEN}{name}{PLACEHOLDER_CLOSE} i {label}. Kända bokmärken: {known}",
                field=field,
            )
    return names


class Template(AggregateRoot):
    inbox_id: str
    name: str
    # Unique per inbox together with inbox_id.
    name_lower: str
    purpose: TemplatePurpose
    subject: str | None = None
    body: str
    active: bool = True

    def snapshot(self) -> TemplateSnapshot:
        return TemplateSnapshot(
            template_id=self.id,
            inbox_id=self.inbox_id,
            name=self.name,
            purpose=self.purpose,
            subject=self.subject,
            body=self.body,
            active=self.active,
            version=self.version,
        )

    def usable_for(self, purpose: TemplatePurpose) -> bool:
        return self.purpose in (purpose, TemplatePurpose.ANY)


def new_template(
    *,
    inbox_id: str,
    name: str,
    purpose: TemplatePurpose,
    subject: str | None,
    body: str,
    template_id: str | None = None,
) -> Template:
    return Template(
        id=template_id or str(uuid.uuid4()),
        version=1,
        inbox_id=inbox_id,
        **_fields(name=name, purpose=purpose, subject=subject, body=body),
    )


def revise_template(
    template: Template, *, name: str, purpose: TemplatePurpose, subject: str | None, body: str, active: bool
) -> Template:
    return revised(template, {**_fields(name=name, purpose=purpose, subject=subject, body=body), "active": active})


def _fields(*, name: str, purpose: TemplatePurpose, subject: str | None, body: str) -> dict[str, Any]:
    clean_name = tidy(name)
    if not clean_name:
        raise InvalidInput(NAME_MISSING, field="name")
    clean_subject = tidy(subject) if subject else None
    if not body.strip():
        raise InvalidInput("Mallen behöver en text", field="body")
    if clean_subject:
        check_placeholders(clean_subject, field="subject")
    check_placeholders(body, field="body")
    return {
        "name": clean_name,
        "name_lower": clean_name.lower(),
        "purpose": purpose,
        "subject": clean_subject or None,
        "body": optional_text(body) or "",
    }
