"""Confidentiality paragraphs (sekretessparagrafer): the legal grounds a confidential case must cite (CASE-07)."""

import uuid
from typing import Any

from arendo_contracts.events.registers import ConfidentialityParagraphSnapshot
from arendo_kit.errors import InvalidInput
from arendo_kit.repository import AggregateRoot
from inbox_service.domain.revision import revised
from inbox_service.domain.search import fold, optional_text, tidy


class ConfidentialityParagraph(AggregateRoot):
    code: str
    # "OSL 26 kap. 1 §" and "osl 26 kap.  1 §" are one paragraph: the unique key ignores case and spacing.
    code_key: str
    title: str
    description: str | None = None
    search_key: str
    active: bool = True

    def snapshot(self) -> ConfidentialityParagraphSnapshot:
        return ConfidentialityParagraphSnapshot(
            paragraph_id=self.id,
            code=self.code,
            title=self.title,
            description=self.description,
            active=self.active,
            version=self.version,
        )


def new_paragraph(
    *, code: str, title: str, description: str | None, paragraph_id: str | None = None
) -> ConfidentialityParagraph:
    return ConfidentialityParagraph(
        id=paragraph_id or str(uuid.uuid4()), version=1, **_fields(code=code, title=title, description=description)
    )


def revise_paragraph(
    paragraph: ConfidentialityParagraph, *, code: str, title: str, description: str | None, active: bool
) -> ConfidentialityParagraph:
    return revised(paragraph, {**_fields(code=code, title=title, description=description), "active": active})


def code_key(code: str) -> str:
    return tidy(code).lower()


def _fields(*, code: str, title: str, description: str | None) -> dict[str, Any]:
    clean_code, clean_title = tidy(code), tidy(title)
    if not clean_code:
        raise InvalidInput("Paragrafen behöver en beteckning, t.ex. OSL 26 kap. 1 §", field="code")
    if not clean_title:
        raise InvalidInput("Paragrafen behöver en rubrik", field="title")
    return {
        "code": clean_code,
        "code_key": code_key(clean_code),
        "title": clean_title,
        "description": optional_text(description),
        "search_key": fold(f"{clean_code} {clean_title}"),
    }
