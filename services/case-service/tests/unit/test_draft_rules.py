"""Drafts, "Mina utkast" (CASE-20): content by kind, privacy, versions and what finishing means,
without I/O."""

from datetime import UTC, datetime, timedelta

import pytest

from arendo_kit.errors import Conflict, InvalidInput, NotFound, PreconditionFailed
from case_service.domain.case import BodyFormat, DeedKind, register_case
from case_service.domain.deeds import deed_with_source, register_manual_deed
from case_service.domain.drafts import (
    DRAFT_KIND_LABELS,
    MAX_DRAFTS,
    MAX_SMS_BODY,
    Draft,
    DraftKind,
    check_draft_version,
    deed_kind_to_finish,
    new_draft,
    own_draft,
    revise_draft,
)

pytestmark = pytest.mark.unit

NOW = datetime(2026, 11, 28, 10, 0, tzinfo=UTC)


def a_draft(kind: DraftKind = DraftKind.SERVICE_NOTE, **fields: object) -> Draft:
    values: dict[str, object] = dict(
        author_id="u-bengt",
        case_id="c-1",
        title="  Besked  om   lyktan ",
        body="<p>Lyktan lagas</p>",
        attachment_ids=(),
        drafts_of_author=0,
        now=NOW,
    )
    values.update(fields)
    return new_draft(kind=kind, **values)  # type: ignore[arg-type]


def test_a_note_draft_holds_sanitised_html_and_a_tidy_title() -> None:
    draft = a_draft(body='<p onclick="alert(1)">Lyktan <b>lagas</b></p><script>alert(1)</script>')
    assert (draft.body, draft.body_format, draft.title) == (
        "<p>Lyktan <b>lagas</b></p>",
        BodyFormat.HTML,
        "Besked om lyktan",
    )
    assert (draft.version, draft.created_at, draft.updated_at, draft.author_id) == (1, NOW, NOW, "u-bengt")
    email = a_draft(DraftKind.EMAIL_REPLY, body="<p>Hej</p><iframe src=x></iframe>")
    assert (email.body, email.body_format) == ("<p>Hej</p>", BodyFormat.HTML)


def test_an_sms_draft_is_plain_text_without_files_and_within_the_sms_length() -> None:
    sms = a_draft(DraftKind.SMS_REPLY, body="  Hej! Lyktan <lagas> v. 49  ")
    assert (sms.body, sms.body_format) == ("Hej! Lyktan <lagas> v. 49", BodyFormat.TEXT)
    with pytest.raises(InvalidInput) as refused:
        a_draft(DraftKind.SMS_REPLY, body="x", attachment_ids=("f-1",))
    assert refused.value.field == "attachment_ids"
    with pytest.raises(InvalidInput) as refused:
        a_draft(DraftKind.SMS_REPLY, body="x" * (MAX_SMS_BODY + 1))
    assert refused.value.field == "body"


def test_a_draft_may_be_empty_but_not_carry_the_same_file_twice() -> None:
    empty = a_draft(body="<p><br></p>", title=None)
    assert (empty.body, empty.title) == ("", "")
    with pytest.raises(InvalidInput) as refused:
        a_draft(attachment_ids=("f-1", "f-1"))
    assert refused.value.field == "attachment_ids"
    with pytest.raises(InvalidInput) as refused:
        a_draft(title="x" * 301)
    assert refused.value.field == "title"


def test_an_officer_has_a_bounded_number_of_drafts() -> None:
    a_draft(drafts_of_author=MAX_DRAFTS - 1)
    with pytest.raises(Conflict):
        a_draft(drafts_of_author=MAX_DRAFTS)


def test_a_revision_keeps_kind_and_case_and_bumps_version_and_time() -> None:
    draft = a_draft()
    later = NOW + timedelta(minutes=3)
    revised = revise_draft(
        draft, title="Ny", body="<p>Mer <i>text</i></p><img src=x>", attachment_ids=["f-2"], now=later
    )
    assert (revised.kind, revised.case_id, revised.author_id, revised.created_at) == (
        DraftKind.SERVICE_NOTE,
        "c-1",
        "u-bengt",
        NOW,
    )
    assert (revised.title, revised.body, revised.attachment_ids) == ("Ny", "<p>Mer <i>text</i></p>", ("f-2",))
    assert (revised.version, revised.updated_at) == (2, later)


def test_a_draft_is_its_authors_alone() -> None:
    draft = a_draft()
    assert own_draft(draft, user_id="u-bengt") is draft
    for other in ("u-carl", "u-admin"):
        with pytest.raises(NotFound):
            own_draft(draft, user_id=other)
    with pytest.raises(NotFound):
        own_draft(None, user_id="u-bengt")


def test_a_change_is_made_to_the_version_read() -> None:
    draft = a_draft()
    check_draft_version(draft, 1)
    with pytest.raises(PreconditionFailed) as stale:
        check_draft_version(draft, 2)
    assert stale.value.field == "If-Match"


def test_notes_finish_as_deeds_and_replies_are_sent_from_the_reply_dialog() -> None:
    assert deed_kind_to_finish(a_draft(DraftKind.SERVICE_NOTE)) is DeedKind.SERVICE_NOTE
    assert deed_kind_to_finish(a_draft(DraftKind.INTERNAL_SERVICE_NOTE)) is DeedKind.INTERNAL_SERVICE_NOTE
    for kind in (DraftKind.EMAIL_REPLY, DraftKind.SMS_REPLY):
        with pytest.raises(Conflict) as refused:
            deed_kind_to_finish(a_draft(kind, body="Hej"))
        assert "svarsdialogen" in refused.value.detail


def test_a_finished_draft_is_found_on_its_case_by_source() -> None:
    case = register_case(number="2026-000010", inbox_id="kundtjanst", registered_by="u-anna", now=NOW)
    draft = a_draft()
    assert deed_with_source(case, draft.id) is None
    finished, deed, _ = register_manual_deed(
        case,
        kind=deed_kind_to_finish(draft),
        title=draft.title,
        body=draft.body,
        direction=None,
        attachments=(),
        by_id="u-bengt",
        by_name="Bengt Berg",
        now=NOW,
        source_id=draft.id,
    )
    assert deed_with_source(finished, draft.id) == deed
    assert deed.visible_to_customer


def test_every_kind_has_a_swedish_label_and_the_list_shows_an_excerpt() -> None:
    assert {DRAFT_KIND_LABELS[k] for k in DraftKind} == {
        "Intern tjänsteanteckning",
        "Tjänsteanteckning",
        "Svar via e-post",
        "Svar via SMS",
    }
    assert a_draft(body="<h2>Besked</h2><p>Lyktan <b>lagas</b> v. 49</p>").excerpt == "Besked Lyktan lagas v. 49"
    assert a_draft(DraftKind.SMS_REPLY, body="Hej\nrad två").excerpt == "Hej rad två"
