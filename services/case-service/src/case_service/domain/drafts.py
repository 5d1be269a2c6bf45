"""Drafts, "Mina utkast" (CASE-20): an officer's unfinished service notes and replies; no I/O.

A draft belongs to its author alone: nobody else, not even an administrator, sees that it exists.
Service notes are finished by registering them as a deed on the case (the deed's `source_id` is
the draft id, so a finish repeated after a crash registers nothing twice); replies are sent from
the reply dialog by the channel-gateway, which is given the draft id."""

import uuid
from collections.abc import Sequence
from datetime import datetime
from enum import StrEnum
from typing import TypedDict

from arendo_kit.errors import Conflict, InvalidInput, NotFound, PreconditionFailed
from arendo_kit.repository import AggregateRoot
from case_service.domain.case import BodyFormat, DeedKind
from case_service.domain.deeds import MAX_ATTACHMENTS, MAX_BODY, MAX_TITLE
from case_service.domain.rich_text import excerpt, is_blank_html, sanitise_html


class DraftKind(StrEnum):
    INTERNAL_SERVICE_NOTE = "internal_service_note"
    SERVICE_NOTE = "service_note"
    EMAIL_REPLY = "email_reply"
    SMS_REPLY = "sms_reply"


DRAFT_KIND_LABELS: dict[str, str] = {
    DraftKind.INTERNAL_SERVICE_NOTE: "Intern tjänsteanteckning",
    DraftKind.SERVICE_NOTE: "Tjänsteanteckning",
    DraftKind.EMAIL_REPLY: "Svar via e-post",
    DraftKind.SMS_REPLY: "Svar via SMS",
}
# The deed a note draft becomes when finished.
NOTE_DEED_KINDS: dict[DraftKind, DeedKind] = {
    DraftKind.INTERNAL_SERVICE_NOTE: DeedKind.INTERNAL_SERVICE_NOTE,
    DraftKind.SERVICE_NOTE: DeedKind.SERVICE_NOTE,
}
REPLY_KINDS = frozenset({DraftKind.EMAIL_REPLY, DraftKind.SMS_REPLY})
# An SMS is plain text of at most ten concatenated messages and carries no files.
MAX_SMS_BODY = 1530
MAX_DRAFTS = 500  # per officer: a safeguard against a client saving a new draft on every keystroke
NOT_FOUND = "Utkastet finns inte"
REPLY_FINISH = "Ett svar skickas från svarsdialogen; öppna utkastet där för att skicka det"
EXCERPT_LENGTH = 160


class Draft(AggregateRoot):
    """One unfinished note or reply, written whole on every save with its version."""

    author_id: str
    case_id: str
    kind: DraftKind
    title: str = ""
    body: str = ""
    body_format: BodyFormat = BodyFormat.HTML
    attachment_ids: tuple[str, ...] = ()
    created_at: datetime
    updated_at: datetime

    @property
    def label(self) -> str:
        return DRAFT_KIND_LABELS[self.kind]

    @property
    def excerpt(self) -> str:
        """The start of the text, for the list of drafts."""
        if self.body_format is BodyFormat.HTML:
            return excerpt(self.body, length=EXCERPT_LENGTH)
        flat = " ".join(self.body.split())
        return flat if len(flat) <= EXCERPT_LENGTH else flat[: EXCERPT_LENGTH - 1] + "…"


def body_format_of(kind: DraftKind) -> BodyFormat:
    return BodyFormat.TEXT if kind is DraftKind.SMS_REPLY else BodyFormat.HTML


class _Content(TypedDict):
    title: str
    body: str
    body_format: BodyFormat
    attachment_ids: tuple[str, ...]


def _content(kind: DraftKind, *, title: str | None, body: str, attachment_ids: Sequence[str]) -> _Content:
    """The checked, cleaned content of a draft of this kind. A draft may be empty: it is unfinished,
    and whether there is enough to register is decided when it is finished."""
    clean_title = " ".join((title or "").split())
    if len(clean_title) > MAX_TITLE:
        raise InvalidInput(f"Rubriken får vara högst {MAX_TITLE} tecken", field="title")
    limit = MAX_SMS_BODY if kind is DraftKind.SMS_REPLY else MAX_BODY
    if len(body) > limit:
        raise InvalidInput(f"Texten får vara högst {limit} tecken", field="body")
    if kind is DraftKind.SMS_REPLY:
        if attachment_ids:
            raise InvalidInput("Ett SMS kan inte ha bilagor", field="attachment_ids")
        clean_body = body.strip()
    else:
        sanitised = sanitise_html(body)
        clean_body = "" if is_blank_html(sanitised) else sanitised
    if len(attachment_ids) > MAX_ATTACHMENTS:
        raise InvalidInput(f"Ett utkast kan ha högst {MAX_ATTACHMENTS} bilagor", field="attachment_ids")
    if len(set(attachment_ids)) != len(attachment_ids):
        raise InvalidInput("Samma bilaga är angiven två gånger", field="attachment_ids")
    return _Content(
        title=clean_title, body=clean_body, body_format=body_format_of(kind), attachment_ids=tuple(attachment_ids)
    )


def new_draft(
    *,
    author_id: str,
    case_id: str,
    kind: DraftKind,
    title: str | None,
    body: str,
    attachment_ids: Sequence[str],
    drafts_of_author: int,
    now: datetime,
) -> Draft:
    if drafts_of_author >= MAX_DRAFTS:
        raise Conflict(f"Du har redan {MAX_DRAFTS} utkast; slutför eller kasta några först", field="kind")
    return Draft(
        id=str(uuid.uuid4()),
        version=1,
        author_id=author_id,
        case_id=case_id,
        kind=kind,
        created_at=now,
        updated_at=now,
        **_content(kind, title=title, body=body, attachment_ids=attachment_ids),
    )


def revise_draft(draft: Draft, *, title: str | None, body: str, attachment_ids: Sequence[str], now: datetime) -> Draft:
    """The draft with new content; its kind and case stay (a note never turns into a reply)."""
    content = _content(draft.kind, title=title, body=body, attachment_ids=attachment_ids)
    return draft.model_copy(update={**content, "updated_at": now, "version": draft.next_version()})


def own_draft(draft: Draft | None, *, user_id: str) -> Draft:
    """The draft if it is the user's; any other user is told it does not exist, so a draft's
    existence is never revealed (administrators included)."""
    if draft is None or draft.author_id != user_id:
        raise NotFound(NOT_FOUND)
    return draft


def check_draft_version(draft: Draft, expected_version: int) -> None:
    if draft.version != expected_version:
        raise PreconditionFailed(
            f"Utkastet har ändrats (version {draft.version}, du utgick från {expected_version}); läs om det",
            field="If-Match",
        )


def deed_kind_to_finish(draft: Draft) -> DeedKind:
    """The deed a note draft becomes; a reply is not finished here but sent from the reply dialog."""
    if draft.kind in REPLY_KINDS:
        raise Conflict(REPLY_FINISH, field="kind")
    return NOTE_DEED_KINDS[draft.kind]
