"""Internal notes (CASE-17): writing, who may delete, filtering, the attachment check and the
files queued for removal, without I/O."""

from datetime import UTC, date, datetime, timedelta

import pytest

from arendo_contracts.events.case import FieldChange
from arendo_contracts.vocabulary import CaseStatus
from arendo_kit.errors import Conflict, Forbidden, InvalidInput, NotFound
from case_service.domain.case import AttachmentRef, Case, DeedKind, InternalNote, register_case
from case_service.domain.deeds import check_attachments_free, register_manual_deed
from case_service.domain.event_log import EventType, type_of_field
from case_service.domain.labels import field_label
from case_service.domain.notes import (
    MAX_NOTE_TEXT,
    NoteFilter,
    add_note,
    delete_all_notes,
    delete_note,
    may_delete,
    select_notes,
)

pytestmark = pytest.mark.unit

NOW = datetime(2026, 11, 28, 10, 0, tzinfo=UTC)
PLAN = AttachmentRef(file_id="f-plan", filename="plan.pdf", content_type="application/pdf", size=10)
PHOTO = AttachmentRef(file_id="f-foto", filename="foto.png", content_type="image/png", size=20)


def a_case(**changes: object) -> Case:
    case = register_case(number="2026-000017", inbox_id="kundtjanst", registered_by="u-anna", now=NOW)
    return case.model_copy(update=changes)


def write(
    case: Case,
    text: str = "Ringde kunden",
    *,
    by: tuple[str, str] = ("u-bengt", "Bengt Berg"),
    attachments: tuple[AttachmentRef, ...] = (),
    now: datetime = NOW,
) -> tuple[Case, InternalNote, list[FieldChange]]:
    return add_note(case, text=text, attachments=attachments, by_id=by[0], by_name=by[1], now=now)


def test_a_note_is_stripped_named_by_its_author_and_never_carries_its_text_in_the_change() -> None:
    case, note, changes = write(a_case(), "  Kunden vill bli uppringd efter lunch.\n", attachments=(PLAN,))
    assert case.notes == (note,)
    assert case.version == 2
    assert (note.text, note.author_id, note.author_name, note.at) == (
        "Kunden vill bli uppringd efter lunch.",
        "u-bengt",
        "Bengt Berg",
        NOW,
    )
    assert note.attachments == (PLAN,)
    assert [(c.field, c.old, c.new) for c in changes] == [("note", None, "Anteckning av Bengt Berg")]
    assert case.summary().flags.has_notes
    assert not a_case().summary().flags.has_notes


def test_an_empty_or_too_long_note_is_refused_naming_the_text() -> None:
    with pytest.raises(InvalidInput) as empty:
        write(a_case(), " \n\t ")
    assert empty.value.field == "text"
    _, only_file, _ = write(a_case(), "", attachments=(PHOTO,))
    assert only_file.text == ""
    with pytest.raises(InvalidInput) as long:
        write(a_case(), "x" * (MAX_NOTE_TEXT + 1))
    assert long.value.field == "text"
    _, longest, _ = write(a_case(), "x" * MAX_NOTE_TEXT + "   ")
    assert len(longest.text) == MAX_NOTE_TEXT


def test_a_closed_case_takes_no_new_notes() -> None:
    with pytest.raises(Conflict):
        write(a_case(status=CaseStatus.CLOSED, closed_at=NOW))


def test_an_attachment_belongs_to_one_deed_or_note_and_a_discarded_one_to_none() -> None:
    case, _, _ = write(a_case(), attachments=(PLAN,))
    with pytest.raises(Conflict, match="anteckning") as in_note:
        write(case, attachments=(PLAN,))
    assert in_note.value.field == "attachment_ids"
    with pytest.raises(Conflict):  # a deed cannot take a note's file either
        register_manual_deed(
            case,
            kind=DeedKind.PHONE_CALL,
            title=None,
            body="x",
            direction=None,
            attachments=(PLAN,),
            by_id="u-bengt",
            by_name="Bengt Berg",
            now=NOW,
        )
    with_deed, _, _ = register_manual_deed(
        a_case(),
        kind=DeedKind.PHONE_CALL,
        title=None,
        body="x",
        direction=None,
        attachments=(PHOTO,),
        by_id="u-bengt",
        by_name="Bengt Berg",
        now=NOW,
    )
    with pytest.raises(Conflict, match="handling"):
        write(with_deed, attachments=(PHOTO,))
    with pytest.raises(InvalidInput, match="raderad") as gone:
        check_attachments_free(a_case(discarded_files=("f-plan",)), (PLAN,))
    assert gone.value.field == "attachment_ids"
    with pytest.raises(InvalidInput):
        write(a_case(), attachments=(PLAN, PLAN))
    check_attachments_free(case, (PHOTO,))  # a free file passes


def test_only_the_author_or_the_case_officer_may_delete_a_note() -> None:
    case, note, _ = write(a_case(officer_id="u-olle", officer_name="Olle Ek"), attachments=(PLAN, PHOTO))
    assert may_delete(case, note, user_id="u-bengt")
    assert may_delete(case, note, user_id="u-olle")
    assert not may_delete(case, note, user_id="u-sara")
    assert not may_delete(case.model_copy(update={"officer_id": None}), note, user_id="u-olle")
    with pytest.raises(Forbidden, match="Bengt Berg"):
        delete_note(case, note.id, by_id="u-sara")

    by_officer, changes = delete_note(case, note.id, by_id="u-olle")
    assert by_officer.notes == ()
    assert by_officer.version == case.version + 1
    assert by_officer.discarded_files == ("f-plan", "f-foto")
    assert [(c.field, c.old, c.new) for c in changes] == [("note", "Anteckning av Bengt Berg", None)]
    assert not by_officer.summary().flags.has_notes
    with pytest.raises(NotFound):
        delete_note(by_officer, note.id, by_id="u-olle")


def test_deleting_one_note_keeps_the_others_and_their_files() -> None:
    case, first, _ = write(a_case(), "Första", attachments=(PLAN,))
    case, second, _ = write(case, "Andra", attachments=(PHOTO,), by=("u-sara", "Sara Ek"))
    left, _ = delete_note(case, second.id, by_id="u-sara")
    assert left.notes == (first,)
    assert left.discarded_files == ("f-foto",)
    assert left.summary().flags.has_notes


def test_closing_deletes_every_note_and_queues_their_files() -> None:
    case, _, _ = write(a_case(discarded_files=("f-old",)), "A", attachments=(PLAN,))
    case, _, _ = write(case, "B", attachments=(PHOTO,))
    case, _, _ = write(case, "C")
    closed, changes = delete_all_notes(case)
    assert closed.notes == ()
    assert closed.discarded_files == ("f-old", "f-plan", "f-foto")
    assert closed.version == case.version  # the closing write bumps it
    assert [(c.field, c.old, c.new) for c in changes] == [("notes", "3", "Anteckningar raderade vid avslut")]
    assert delete_all_notes(closed) == (closed, [])


def test_note_changes_are_labelled_in_the_event_log() -> None:
    assert (field_label("note"), field_label("notes")) == ("Anteckning", "Anteckningar")
    assert type_of_field("note") is type_of_field("notes") is EventType.NOTE


def notes_for_filtering() -> Case:
    case = a_case()
    written = [
        ("Kunden ÅTERKOMMER om gatlyktan", ("u-bengt", "Bengt Berg"), NOW - timedelta(days=2)),
        ("Ring tillbaka i morgon", ("u-asa", "Åsa Öberg"), NOW - timedelta(days=1)),
        # 23:30 UTC on the 28th is already the 29th in Stockholm.
        ("Trasig\nlykta på Storgatan", ("u-bengt", "Bengt Berg"), datetime(2026, 11, 28, 23, 30, tzinfo=UTC)),
    ]
    for text, by, at in written:
        case, _, _ = write(case, text, by=by, now=at)
    return case


def texts(
    case: Case,
    *,
    q: str | None = None,
    author_id: str | None = None,
    since: date | None = None,
    until: date | None = None,
    newest_first: bool = True,
) -> list[str]:
    wanted = NoteFilter(q=q, author_id=author_id, since=since, until=until, newest_first=newest_first)
    return [n.text for n in select_notes(case.notes, wanted)]


def test_notes_are_listed_newest_first_or_oldest_first() -> None:
    case = notes_for_filtering()
    assert texts(case) == ["Trasig\nlykta på Storgatan", "Ring tillbaka i morgon", "Kunden ÅTERKOMMER om gatlyktan"]
    assert texts(case, newest_first=False)[0] == "Kunden ÅTERKOMMER om gatlyktan"


def test_the_text_search_ignores_case_and_swedish_letters_and_also_finds_the_author() -> None:
    case = notes_for_filtering()
    assert texts(case, q="återkommer") == ["Kunden ÅTERKOMMER om gatlyktan"]
    assert texts(case, q="aterkommer") == ["Kunden ÅTERKOMMER om gatlyktan"]
    assert texts(case, q="  åsa ") == ["Ring tillbaka i morgon"]
    assert texts(case, q="ÖBERG") == ["Ring tillbaka i morgon"]
    assert texts(case, q="trasig lykta") == ["Trasig\nlykta på Storgatan"]
    assert len(texts(case, q="lykta")) == 2
    assert texts(case, q="finns inte") == []
    assert len(texts(case, q="   ")) == 3


def test_notes_are_filtered_by_author_and_by_swedish_calendar_days() -> None:
    case = notes_for_filtering()
    assert texts(case, author_id="u-asa") == ["Ring tillbaka i morgon"]
    assert texts(case, since=date(2026, 11, 27), until=date(2026, 11, 27)) == ["Ring tillbaka i morgon"]
    assert texts(case, since=date(2026, 11, 29)) == ["Trasig\nlykta på Storgatan"]
    assert texts(case, until=date(2026, 11, 28)) == ["Ring tillbaka i morgon", "Kunden ÅTERKOMMER om gatlyktan"]
    assert texts(case, author_id="u-bengt", q="lykta", until=date(2026, 11, 26)) == ["Kunden ÅTERKOMMER om gatlyktan"]
    with pytest.raises(InvalidInput) as backwards:
        texts(case, since=date(2026, 11, 28), until=date(2026, 11, 27))
    assert backwards.value.field == "from"
