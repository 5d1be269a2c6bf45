"""Distribution lists (sändlistor): recipients a referral is sent to in one choice (REF-01)."""

import re
import uuid
from collections.abc import Sequence
from typing import Any

from arendo_contracts.events.registers import DistributionListSnapshot, Recipient
from arendo_kit.errors import InvalidInput
from arendo_kit.repository import AggregateRoot
from inbox_service.domain.revision import revised
from inbox_service.domain.search import name_fields, optional_text, tidy

NAME_MISSING = "Sändlistan behöver ett namn"
MAX_RECIPIENTS = 500
# The request model validates addresses fully; this keeps the rule when called without it.
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class DistributionList(AggregateRoot):
    name: str
    name_lower: str
    search_key: str
    recipients: tuple[Recipient, ...]
    active: bool = True

    def snapshot(self) -> DistributionListSnapshot:
        return DistributionListSnapshot(
            distribution_list_id=self.id,
            name=self.name,
            recipients=self.recipients,
            active=self.active,
            version=self.version,
        )


def new_distribution_list(
    *, name: str, recipients: Sequence[Recipient], distribution_list_id: str | None = None
) -> DistributionList:
    return DistributionList(
        id=distribution_list_id or str(uuid.uuid4()), version=1, **_fields(name=name, recipients=recipients)
    )


def revise_distribution_list(
    distribution_list: DistributionList, *, name: str, recipients: Sequence[Recipient], active: bool
) -> DistributionList:
    return revised(distribution_list, {**_fields(name=name, recipients=recipients), "active": active})


def clean_recipients(recipients: Sequence[Recipient]) -> tuple[Recipient, ...]:
    """At least one, each a valid address once (case-insensitively), names tidied."""
    if not recipients:
        raise InvalidInput("Sändlistan behöver minst en mottagare", field="recipients")
    if len(recipients) > MAX_RECIPIENTS:
        raise InvalidInput(f"En sändlista kan ha högst {MAX_RECIPIENTS} mottagare", field="recipients")
    cleaned: list[Recipient] = []
    seen: set[str] = set()
    for index, recipient in enumerate(recipients):
        email = recipient.email.strip().lower()
        if not _EMAIL.match(email):
            raise InvalidInput(f"{recipient.email!r} är ingen giltig e-postadress", field=f"recipients.{index}.email")
        if email in seen:
            raise InvalidInput(f"{email} finns redan i sändlistan", field=f"recipients.{index}.email")
        seen.add(email)
        name = optional_text(recipient.name)
        cleaned.append(Recipient(name=tidy(name) if name else None, email=email))
    return tuple(cleaned)


def _fields(*, name: str, recipients: Sequence[Recipient]) -> dict[str, Any]:
    return {**name_fields(name, missing=NAME_MISSING), "recipients": clean_recipients(recipients)}
