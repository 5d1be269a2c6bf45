"""Templates (mallar) and their placeholders (bokmärken), shared by the inbox-service, which
refuses unknown placeholders when a template is saved, and the services that fill them in."""

from enum import StrEnum


class TemplatePurpose(StrEnum):
    """Where a template may be used; `any` templates are offered everywhere."""

    NOTE = "note"
    SERVICE_NOTE = "service_note"
    REPLY = "reply"
    REFERRAL = "referral"
    DISTRIBUTION = "distribution"
    ANY = "any"


# A placeholder is written `{{case_number}}` in a template's subject or body.
PLACEHOLDER_OPEN = "{{"
PLACEHOLDER_CLOSE = "}}"

PLACEHOLDERS: tuple[str, ...] = (
    "case_number",
    "case_title",
    "customer_name",
    "officer_name",
    "inbox_name",
    "today",
    "desired_answer_date",
)
