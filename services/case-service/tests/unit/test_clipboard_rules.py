"""Copy, cut and paste (CASE-29): the clipboard, the cut rules, the paste target and the copy, without I/O."""

from datetime import UTC, datetime, timedelta

import pytest

from arendo_contracts.events.inbox import DiaryPlanEntry, InboxSnapshot, UserSnapshot
from arendo_contracts.vocabulary import CaseStatus, Channel, Priority, Role
from arendo_kit.errors import Conflict, Forbidden, InvalidInput
from case_service.domain.card_fields import CaseLock, CaseTypeChoice, RegisterRef
from case_service.domain.case import AttachmentRef, Case, Deed, DeedDirection, DeedKind, OfficerPeriod, register_case
from case_service.domain.clipboard import (
    MAX_CASES,
    ClipboardMode,
    PasteContent,
    check_content,
    check_cut,
    check_paste_target,
    emptied,
    empty_clipboard,
    move_to_inbox,
    put_on_clipboard,
    selection,
)
from case_service.domain.copying import attached_files, check_copyable, copy_case, kept_case_types
from case_service.domain.customer import Customer
from case_service.domain.lock import CaseLocked
from case_service.domain.relation_values import Alert, AlertKind, CaseRelation
from case_service.domain.relations import MAX_SUB_CASES, index_sub_cases

pytestmark = pytest.mark.unit

NOW = datetime(2026, 11, 28, 10, 0, tzinfo=UTC)
EARLIER = NOW - timedelta(days=3)


def a_case(sequence: int = 1, **fields: object) -> Case:
    case = register_case(
        number=f"2026-{sequence:06d}", inbox_id="kundtjanst", registered_by="u-anna", now=EARLIER, title="Gatlykta"
    )
    return case.model_copy(update=fields)


def a_deed(title: str, *attachments: AttachmentRef, **fields: object) -> Deed:
    values: dict[str, object] = dict(
        id=f"d-{title}",
        kind=DeedKind.PHONE_CALL,
        title=title,
        body=f"Text om {title}",
        author_id="u-anna",
        author_name="Anna Andersson",
        at=EARLIER,
        direction=DeedDirection.IN,
        attachments=attachments,
    )
    return Deed.model_validate({**values, **fields})


def a_file(file_id: str) -> AttachmentRef:
    return AttachmentRef(file_id=file_id, filename=f"{file_id}.pdf", content_type="application/pdf", size=10)


def an_inbox(**fields: object) -> InboxSnapshot:
    values: dict[str, object] = dict(inbox_id="bygglov", name="Bygglov", kind="work_group", version=1)
    return InboxSnapshot.model_validate({**values, **fields})


def a_user(**fields: object) -> UserSnapshot:
    values: dict[str, object] = dict(
        user_id="u-anna", username="anna", name="Anna", roles=(Role.OFFICER,), inbox_ids=("bygglov",), version=1
    )
    return UserSnapshot.model_validate({**values, **fields})


# --- the clipboard ------------------------------------------------------------------------------


def test_a_selection_holds_each_case_once_and_at_least_one() -> None:
    assert selection([" c-1", "c-2"]) == ("c-1", "c-2")
    for bad in ([], ["  "], ["c-1", "c-1"], [f"c-{n}" for n in range(MAX_CASES + 1)]):
        with pytest.raises(InvalidInput) as refused:
            selection(bad)
        assert refused.value.field == "case_ids"
    with pytest.raises(InvalidInput, match="c-1 är markerat två gånger"):
        selection(["c-1", "c-2", "c-1"])


def test_a_new_selection_replaces_the_clipboard_and_emptying_clears_it() -> None:
    first = put_on_clipboard(empty_clipboard("u-anna"), mode=ClipboardMode.COPY, case_ids=("c-1", "c-2"), now=NOW)
    assert (first.id, first.version, first.mode, first.case_ids, first.at) == (
        "u-anna",
        1,
        ClipboardMode.COPY,
        ("c-1", "c-2"),
        NOW,
    )
    second = put_on_clipboard(first, mode=ClipboardMode.CUT, case_ids=("c-3",), now=NOW)
    assert (second.version, second.mode, second.case_ids) == (2, ClipboardMode.CUT, ("c-3",))
    cleared = emptied(second)
    assert cleared is not None
    assert (cleared.version, cleared.mode, cleared.case_ids, cleared.at, cleared.is_empty) == (3, None, (), None, True)
    assert emptied(cleared) is None
    assert emptied(empty_clipboard("u-anna")) is None


def test_only_cases_one_is_officer_of_can_be_cut_and_the_refusal_names_the_others() -> None:
    mine = a_case(1, officer_id="u-anna", officer_name="Anna")
    bertils = a_case(2, officer_id="u-bertil", officer_name="Bertil")
    nobodys = a_case(3)
    check_cut([mine], user_id="u-anna")
    with pytest.raises(Forbidden) as refused:
        check_cut([mine, bertils, nobodys], user_id="u-anna")
    assert refused.value.field == "case_ids"
    assert "2026-000002, 2026-000003" in refused.value.detail
    assert "2026-000001" not in refused.value.detail


# --- the paste target -----------------------------------------------------------------------------


def test_cases_are_pasted_only_into_an_active_inbox_the_caller_is_a_member_of() -> None:
    inbox = an_inbox()
    assert check_paste_target(inbox, inbox_id="bygglov", reader=a_user(), is_admin=False) is inbox
    with pytest.raises(InvalidInput) as missing:
        check_paste_target(None, inbox_id="finns-inte", reader=a_user(), is_admin=False)
    assert missing.value.field == "inbox_id"
    with pytest.raises(InvalidInput, match="inaktiverad"):
        check_paste_target(an_inbox(active=False), inbox_id="bygglov", reader=a_user(), is_admin=True)
    for reader in (a_user(inbox_ids=("kundtjanst",)), a_user(active=False), None):
        with pytest.raises(Forbidden) as refused:
            check_paste_target(inbox, inbox_id="bygglov", reader=reader, is_admin=False)
        assert refused.value.field == "inbox_id"
    assert check_paste_target(inbox, inbox_id="bygglov", reader=None, is_admin=True) is inbox


def test_content_is_chosen_for_a_copy_only_and_defaults_to_whole() -> None:
    assert check_content(ClipboardMode.COPY, None) is PasteContent.WHOLE
    assert check_content(ClipboardMode.COPY, PasteContent.METADATA) is PasteContent.METADATA
    assert check_content(ClipboardMode.CUT, None) is PasteContent.WHOLE
    with pytest.raises(InvalidInput) as refused:
        check_content(ClipboardMode.CUT, PasteContent.METADATA)
    assert refused.value.field == "content"


# --- moving a cut case ----------------------------------------------------------------------------


def test_a_cut_case_moves_with_its_officer_and_nothing_else() -> None:
    case = a_case(1, officer_id="u-anna", officer_name="Anna", status=CaseStatus.IN_PROGRESS, deeds=(a_deed("Samtal"),))
    moved, changes = move_to_inbox(case, "bygglov", by_id="u-anna", now=NOW)
    assert [(c.field, c.old, c.new) for c in changes] == [("inbox_id", "kundtjanst", "bygglov")]
    assert (moved.inbox_id, moved.officer_id, moved.status, moved.version) == (
        "bygglov",
        "u-anna",
        CaseStatus.IN_PROGRESS,
        case.version + 1,
    )
    assert moved.deeds == case.deeds  # no distribution note
    same, none = move_to_inbox(moved, "bygglov", by_id="u-anna", now=NOW)
    assert (same, none) == (moved, [])


def test_a_cut_case_is_not_moved_under_another_officers_lock_or_by_one_no_longer_its_officer() -> None:
    lock = CaseLock(holder_id="u-bertil", holder_name="Bertil", since=NOW, expires_at=NOW + timedelta(minutes=30))
    locked = a_case(1, officer_id="u-anna", officer_name="Anna", lock=lock)
    with pytest.raises(CaseLocked):
        move_to_inbox(locked, "bygglov", by_id="u-anna", now=NOW)
    expired = locked.model_copy(update={"lock": lock.model_copy(update={"expires_at": NOW - timedelta(seconds=1)})})
    assert move_to_inbox(expired, "bygglov", by_id="u-anna", now=NOW)[0].inbox_id == "bygglov"
    reassigned = a_case(2, officer_id="u-bertil", officer_name="Bertil")
    with pytest.raises(Forbidden, match="Bertil"):
        move_to_inbox(reassigned, "bygglov", by_id="u-anna", now=NOW)
    # Already there: nothing to refuse, nothing to change.
    assert move_to_inbox(reassigned, "kundtjanst", by_id="u-anna", now=NOW)[1] == []


# --- copying ----------------------------------------------------------------------------------------

PLAN = (
    DiaryPlanEntry(case_type="Gator och trafik", categories=("Gatubelysning",), kb_entry_ids=("kb-1",)),
    DiaryPlanEntry(case_type="Parkering"),
)


def test_case_types_the_target_plan_offers_are_kept_as_it_spells_them_and_the_others_reported() -> None:
    choices = (
        CaseTypeChoice(case_type="gator OCH trafik", category="gatubelysning"),
        CaseTypeChoice(case_type="Parkering", category="Felparkering"),
        CaseTypeChoice(case_type="Avfall"),
    )
    kept, dropped = kept_case_types(choices, PLAN)
    assert kept == (
        CaseTypeChoice(case_type="Gator och trafik", category="Gatubelysning", kb_entry_ids=("kb-1",)),
        CaseTypeChoice(case_type="Parkering"),
    )
    assert dropped == ("Parkering – Felparkering", "Avfall")
    assert kept_case_types((), PLAN) == ((), ())


def an_original() -> Case:
    files = (a_file("f-1"), a_file("f-2"))
    return a_case(
        7,
        description="Lyktan lyser inte",
        channel=Channel.EMAIL,
        priority=Priority.URGENT,
        status=CaseStatus.IN_PROGRESS,
        customer_wants_answer=True,
        preferred_reply_form=Channel.SMS,
        officer_id="u-bertil",
        officer_name="Bertil",
        officer_history=(OfficerPeriod(officer_id="u-bertil", officer_name="Bertil", since=EARLIER),),
        customer=Customer(first_name="Eva", last_name="Ek", email="eva@example.se"),
        case_types=(CaseTypeChoice(case_type="Gator och trafik"), CaseTypeChoice(case_type="Avfall")),
        areas=(RegisterRef(id="a-1", name="Centrum"),),
        organisations=(RegisterRef(id="o-1", name="Gatukontoret"),),
        personal_data=True,
        confidential=True,
        confidentiality_paragraph_id="p-1",
        confidentiality_paragraph_code="OSL 26:1",
        deeds=(a_deed("Samtal", files[0]), a_deed("Brev", files[0], files[1], visible_to_customer=True)),
        alerts=(
            Alert(
                id="al-1",
                kind=AlertKind.CUSTOMER_REPLY_RECEIVED,
                message="Kundsvar",
                raised_at=EARLIER,
                source_id="e-1",
            ),
        ),
        sub_cases=(CaseRelation(case_id="c-x", case_number="2026-000099", related_by="u", related_at=EARLIER),),
    )


def test_a_whole_copy_is_new_work_with_the_metadata_deeds_and_copied_files() -> None:
    original = an_original()
    copied_files = {"f-1": a_file("n-1"), "f-2": a_file("n-2")}
    assert attached_files(original.deeds) == [a_file("f-1"), a_file("f-2")]
    result = copy_case(
        original,
        case_id="c-copy",
        number="2026-000100",
        inbox_id="bygglov",
        plan=PLAN,
        content=PasteContent.WHOLE,
        by_id="u-anna",
        now=NOW,
        files=copied_files,
    )
    copy = result.case
    assert (copy.id, copy.version, copy.number, copy.inbox_id) == ("c-copy", 1, "2026-000100", "bygglov")
    assert (copy.status, copy.officer_id, copy.officer_history) == (CaseStatus.NEW, None, ())
    assert (copy.registered_by, copy.registered_at, copy.arrived_at) == ("u-anna", NOW, original.arrived_at)
    for field in (
        "title",
        "description",
        "channel",
        "priority",
        "customer_wants_answer",
        "preferred_reply_form",
        "event_date",
        "customer",
        "areas",
        "organisations",
        "personal_data",
        "confidential",
        "confidentiality_paragraph_id",
        "confidentiality_paragraph_code",
    ):
        assert getattr(copy, field) == getattr(original, field), field
    assert [c.case_type for c in copy.case_types] == ["Gator och trafik"]
    assert result.dropped_case_types == ("Avfall",)
    assert (copy.alerts, copy.sub_cases, copy.links, copy.notes, copy.lock) == ((), (), (), (), None)
    assert copy.main_case is not None
    assert (copy.main_case.case_id, copy.main_case.case_number, copy.main_case.description) == (
        original.id,
        "2026-000007",
        "Kopia av 2026-000007",
    )
    assert len(copy.deeds) == 2
    for new, old in zip(copy.deeds, original.deeds, strict=True):
        assert new.id != old.id
        assert new.source_id is None
        same = ("kind", "title", "body", "body_format", "author_id", "author_name", "at", "direction")
        assert all(getattr(new, f) == getattr(old, f) for f in (*same, "visible_to_customer"))
    assert [[a.file_id for a in d.attachments] for d in copy.deeds] == [["n-1"], ["n-1", "n-2"]]


def test_a_metadata_copy_carries_no_deeds() -> None:
    copy = copy_case(
        an_original(),
        case_id="c-copy",
        number="2026-000100",
        inbox_id="bygglov",
        plan=PLAN,
        content=PasteContent.METADATA,
        by_id="u-anna",
        now=NOW,
    ).case
    assert copy.deeds == ()
    assert copy.title == "Gatlykta"


def test_the_original_lists_its_copy_as_a_sub_case() -> None:
    original = a_case(7)
    copy = copy_case(
        original,
        case_id="c-copy",
        number="2026-000100",
        inbox_id="bygglov",
        plan=(),
        content=PasteContent.METADATA,
        by_id="u-anna",
        now=NOW,
    ).case
    indexed, changes = index_sub_cases(original, [copy], description="Kopia av 2026-000007", by_id="u-anna", now=NOW)
    assert indexed.sub_case_ids == ("c-copy",)
    assert [(c.field, c.new) for c in changes] == [("sub_case", "2026-000100")]


def test_a_case_with_as_many_sub_cases_as_allowed_cannot_be_copied() -> None:
    relation = CaseRelation(case_id="c", case_number="2026-000001", related_by="u", related_at=NOW)
    full = a_case(1, sub_cases=tuple(relation.model_copy(update={"case_id": f"c-{n}"}) for n in range(MAX_SUB_CASES)))
    with pytest.raises(Conflict, match="underärenden"):
        check_copyable(full)
    check_copyable(a_case(2))
