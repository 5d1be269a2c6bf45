"""Knowledge entries linked to case types through the inboxes' diary plans (KB-01, CASE-04)."""

import unicodedata
from collections.abc import Iterable

from pydantic import BaseModel

from arendo_contracts.events.inbox import InboxSnapshot


class CaseTypeLink(BaseModel):
    inbox_id: str
    inbox_name: str
    case_type: str
    categories: list[str]
    kb_entry_ids: list[str]


def fold(text: str) -> str:
    """Case- and accent-insensitive matching: 'Äldreomsorg' matches 'aldre'."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def case_type_links(inboxes: Iterable[InboxSnapshot], *, keyword: str | None = None) -> list[CaseTypeLink]:
    wanted = fold(keyword.strip()) if keyword and keyword.strip() else None
    links = [
        CaseTypeLink(
            inbox_id=inbox.inbox_id,
            inbox_name=inbox.name,
            case_type=entry.case_type,
            categories=list(entry.categories),
            kb_entry_ids=list(entry.kb_entry_ids),
        )
        for inbox in inboxes
        if inbox.active
        for entry in inbox.diary_plan
    ]
    if wanted is not None:
        links = [link for link in links if wanted in fold(link.case_type)]
    return sorted(links, key=lambda link: (fold(link.case_type), link.inbox_name))
