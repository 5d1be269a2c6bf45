"""Use cases of the confidentiality paragraphs register."""

from arendo_contracts import CloudEvent
from arendo_contracts.events.registers import ConfidentialityParagraphChangedV1
from arendo_kit.auth import User as Caller
from arendo_kit.errors import Conflict
from arendo_kit.outbox import EventFactory
from inbox_service.domain.paragraphs import ConfidentialityParagraph, new_paragraph, revise_paragraph
from inbox_service.service.common import expect_version, save_change
from inbox_service.store import ParagraphRepository

WHAT = "Sekretessparagrafen"


async def create_paragraph(
    *,
    paragraphs: ParagraphRepository,
    events: EventFactory,
    caller: Caller,
    code: str,
    title: str,
    description: str | None,
) -> ConfidentialityParagraph:
    paragraph = new_paragraph(code=code, title=title, description=description)
    await _check_code(paragraphs, paragraph)
    await paragraphs.store(paragraph, events=[_changed(events, caller, paragraph)])
    return paragraph


async def update_paragraph(
    *,
    paragraphs: ParagraphRepository,
    events: EventFactory,
    caller: Caller,
    paragraph_id: str,
    expected_version: int,
    code: str,
    title: str,
    description: str | None,
    active: bool,
) -> ConfidentialityParagraph:
    paragraph = await paragraphs.require(paragraph_id)
    expect_version(paragraph, expected_version, what=WHAT)
    changed = revise_paragraph(paragraph, code=code, title=title, description=description, active=active)
    if changed.code_key != paragraph.code_key:
        await _check_code(paragraphs, changed)
    return await save_change(
        paragraphs,
        before=paragraph,
        after=changed,
        event=lambda p: _changed(events, caller, p),
    )


async def deactivate_paragraph(
    *,
    paragraphs: ParagraphRepository,
    events: EventFactory,
    caller: Caller,
    paragraph_id: str,
    expected_version: int,
) -> ConfidentialityParagraph:
    """Never deleted: a confidential case keeps citing the paragraph it was decided under."""
    paragraph = await paragraphs.require(paragraph_id)
    return await update_paragraph(
        paragraphs=paragraphs,
        events=events,
        caller=caller,
        paragraph_id=paragraph_id,
        expected_version=expected_version,
        code=paragraph.code,
        title=paragraph.title,
        description=paragraph.description,
        active=False,
    )


def _changed(events: EventFactory, caller: Caller, paragraph: ConfidentialityParagraph) -> CloudEvent:
    return events(ConfidentialityParagraphChangedV1(paragraph=paragraph.snapshot()), actor=caller.id)


async def _check_code(paragraphs: ParagraphRepository, paragraph: ConfidentialityParagraph) -> None:
    if await paragraphs.key_taken(paragraph.code_key, other_than=paragraph.id):
        raise Conflict(f"Sekretessparagrafen {paragraph.code!r} finns redan", field="code")
