"""Case types, areas, organisations (CASE-04, CASE-05), confidentiality (CASE-07), handling time
(CASE-08) and officer choice (CASE-24) without I/O."""

from datetime import UTC, datetime, timedelta

import pytest

from arendo_contracts.events.inbox import DiaryPlanEntry, UserSnapshot
from arendo_contracts.events.registers import ConfidentialityParagraphSnapshot
from arendo_contracts.vocabulary import CaseStatus, Role
from arendo_kit.errors import Forbidden, InvalidInput
from case_service.domain.card_fields import CaseTypeChoice, RegisterRef
from case_service.domain.case import DEFAULT_TITLE, Case, register_case
from case_service.domain.classification import (
    RegisterItem,
    RequestedCaseType,
    case_type_options,
    fold,
    matches,
    register_options,
    resolve_case_types,
    resolve_register_refs,
    set_areas,
    set_case_types,
)
from case_service.domain.officer import ineligibility, officer_options, require_eligible
from case_service.domain.panel import handling_time_seconds, set_confidentiality
from case_service.domain.routing import assign_officer, remove_officer

pytestmark = pytest.mark.unit

NOW = datetime(2026, 11, 28, 10, 0, tzinfo=UTC)

PLAN = (
    DiaryPlanEntry(case_type="Bygglov", categories=("Altan", "Fasadändring"), kb_entry_ids=("kb-1",)),
    DiaryPlanEntry(case_type="Gator och trafik", categories=("Gatubelysning", "Snöröjning")),
    DiaryPlanEntry(case_type="Återvinning"),
)


def a_case(**changes: object) -> Case:
    case = register_case(number="2026-000010", inbox_id="kundtjanst", registered_by="u-anna", now=NOW)
    return case.model_copy(update=changes)


def user(user_id: str = "u-carl", **changes: object) -> UserSnapshot:
    fields: dict[str, object] = dict(
        user_id=user_id,
        username=user_id.removeprefix("u-"),
        name="Carl Claesson",
        roles=(Role.OFFICER,),
        inbox_ids=("kundtjanst",),
        version=1,
    )
    return UserSnapshot.model_validate({**fields, **changes})


# --- matching -----------------------------------------------------------------------------------


def test_matching_ignores_case_and_swedish_diacritics() -> None:
    assert fold("  Åsa   ÖBERG ") == "asa oberg"
    assert matches("atervinn", "Återvinning")
    assert matches("SNÖ", "Snöröjning")
    assert matches("", "anything")
    assert matches(None, "anything")
    assert matches("   ", "x")
    assert not matches("bygg", "Återvinning", None)


def test_case_type_options_blank_lists_all_a_category_match_offers_only_that_category() -> None:
    assert case_type_options(PLAN, None) == list(PLAN)
    assert case_type_options(PLAN, "bygg") == [PLAN[0]]  # the type matches: all its categories
    [roads] = case_type_options(PLAN, "snoroj")
    assert (roads.case_type, roads.categories) == ("Gator och trafik", ("Snöröjning",))
    assert case_type_options(PLAN, "ATERVINNING") == [PLAN[2]]
    assert case_type_options(PLAN, "finns inte") == []


# --- case types (CASE-04) -----------------------------------------------------------------------


def test_requested_case_types_take_the_plans_spelling_and_linked_knowledge_entries() -> None:
    chosen = resolve_case_types(PLAN, [RequestedCaseType("bygglov", "altan"), RequestedCaseType("Återvinning", "  ")])
    assert chosen == (
        CaseTypeChoice(case_type="Bygglov", category="Altan", kb_entry_ids=("kb-1",)),
        CaseTypeChoice(case_type="Återvinning"),
    )


@pytest.mark.parametrize(
    ("requested", "field"),
    [
        ([RequestedCaseType("Bygglov"), RequestedCaseType("Parkering")], "case_types.1.case_type"),
        ([RequestedCaseType("Bygglov"), RequestedCaseType("Gator och trafik", "Altan")], "case_types.1.category"),
        ([RequestedCaseType("Bygglov", "Altan"), RequestedCaseType("bygglov")], "case_types.1.case_type"),
        ([RequestedCaseType("Återvinning", "Glas")], "case_types.0.category"),
    ],
)
def test_a_type_or_category_not_in_the_plan_is_refused_naming_the_item(
    requested: list[RequestedCaseType], field: str
) -> None:
    with pytest.raises(InvalidInput) as refused:
        resolve_case_types(PLAN, requested)
    assert refused.value.field == field


def test_the_title_follows_the_case_types_while_it_is_a_default() -> None:
    case = a_case()
    assert case.title == DEFAULT_TITLE
    building = resolve_case_types(PLAN, [RequestedCaseType("Bygglov", "Altan")])
    typed, changes = set_case_types(case, building)
    assert typed.title == "Bygglov – Altan"
    assert typed.version == case.version + 1
    assert [(c.field, c.old, c.new) for c in changes] == [
        ("case_types", None, "Bygglov – Altan"),
        ("title", DEFAULT_TITLE, "Bygglov – Altan"),
    ]
    assert typed.summary().case_types == ("Bygglov",)
    # An earlier default title follows a new first type, also to a type without category.
    recycled, _ = set_case_types(typed, resolve_case_types(PLAN, [RequestedCaseType("Återvinning")]))
    assert recycled.title == "Återvinning"
    # Removing them all returns to the registration default.
    emptied, changes = set_case_types(recycled, ())
    assert emptied.title == DEFAULT_TITLE
    assert next((c.field, c.old, c.new) for c in changes) == ("case_types", "Återvinning", None)


def test_a_title_an_officer_wrote_stays_and_the_same_list_changes_nothing() -> None:
    case = a_case(title="Altanen lutar")
    chosen = resolve_case_types(PLAN, [RequestedCaseType("Bygglov", "Altan")])
    typed, changes = set_case_types(case, chosen)
    assert typed.title == "Altanen lutar"
    assert [c.field for c in changes] == ["case_types"]
    assert set_case_types(typed, chosen) == (typed, [])


# --- areas and organisations (CASE-05) -----------------------------------------------------------

AREAS = {
    "norr": RegisterItem(id="norr", name="Norrmalm"),
    "ost": RegisterItem(id="ost", name="Östermalm", detail="Öster om centrum"),
    "gammal": RegisterItem(id="gammal", name="Gamla stan", active=False),
    "aby": RegisterItem(id="aby", name="Åby"),
}


def test_register_options_are_active_matching_and_in_swedish_order() -> None:
    assert [i.id for i in register_options(AREAS.values(), None)] == ["norr", "aby", "ost"]
    assert [i.id for i in register_options(AREAS.values(), "OSTER")] == ["ost"]
    assert [i.id for i in register_options(AREAS.values(), "centrum")] == ["ost"]  # the description
    assert register_options(AREAS.values(), "gamla") == []


@pytest.mark.parametrize(
    ("ids", "field"),
    [(["norr", "nope"], "area_ids.1"), (["gammal"], "area_ids.0"), (["norr", "ost", "norr"], "area_ids.2")],
)
def test_unknown_inactive_or_repeated_areas_are_refused_naming_the_index(ids: list[str], field: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        resolve_register_refs(ids, AREAS, current=(), field="area_ids", what="Området")
    assert refused.value.field == field


def test_an_area_deactivated_after_it_was_chosen_may_stay() -> None:
    current = (RegisterRef(id="gammal", name="Gamla stan"),)
    kept = resolve_register_refs(["gammal", "norr"], AREAS, current=current, field="area_ids", what="Området")
    assert [r.id for r in kept] == ["gammal", "norr"]


def test_setting_areas_records_names_and_moves_the_version_only_on_a_change() -> None:
    case = a_case()
    areas = (RegisterRef(id="norr", name="Norrmalm"), RegisterRef(id="ost", name="Östermalm"))
    changed, changes = set_areas(case, areas)
    assert changed.areas == areas
    assert changed.version == case.version + 1
    assert [(c.field, c.old, c.new) for c in changes] == [("areas", None, "Norrmalm, Östermalm")]
    assert set_areas(changed, areas) == (changed, [])


# --- confidentiality (CASE-07) -------------------------------------------------------------------

PARAGRAPH = ConfidentialityParagraphSnapshot(
    paragraph_id="osl-26-1", code="OSL 26 kap. 1 §", title="Socialtjänstsekretess", version=1
)
MAY_READ = user("u-sara", confidential_inbox_ids=("kundtjanst",))


def test_marking_confidential_needs_the_permission_and_a_paragraph() -> None:
    case = a_case()
    marked, changes = set_confidentiality(
        case, confidential=True, paragraph_id="osl-26-1", paragraph=PARAGRAPH, reader=MAY_READ
    )
    assert (marked.confidential, marked.confidentiality_paragraph_code) == (True, "OSL 26 kap. 1 §")
    assert marked.summary().confidential
    assert [(c.field, c.old, c.new) for c in changes] == [
        ("confidential", "false", "true"),
        ("confidentiality_paragraph", None, "OSL 26 kap. 1 §"),
    ]
    cleared, changes = set_confidentiality(
        marked, confidential=False, paragraph_id=None, paragraph=None, reader=MAY_READ
    )
    assert (cleared.confidential, cleared.confidentiality_paragraph_id) == (False, None)
    assert len(changes) == 2


@pytest.mark.parametrize(
    ("reader", "paragraph_id", "paragraph", "error", "field"),
    [
        (user(), "osl-26-1", PARAGRAPH, Forbidden, "confidential"),
        (user(confidential_inbox_ids=("kundtjanst",), active=False), "osl-26-1", PARAGRAPH, Forbidden, "confidential"),
        (None, "osl-26-1", PARAGRAPH, Forbidden, "confidential"),
        (MAY_READ, None, None, InvalidInput, "paragraph_id"),
        (MAY_READ, "okand", None, InvalidInput, "paragraph_id"),
        (MAY_READ, "osl-26-1", PARAGRAPH.model_copy(update={"active": False}), InvalidInput, "paragraph_id"),
    ],
)
def test_confidentiality_refusals(
    reader: UserSnapshot | None,
    paragraph_id: str | None,
    paragraph: ConfidentialityParagraphSnapshot | None,
    error: type[Exception],
    field: str,
) -> None:
    with pytest.raises(error) as refused:
        set_confidentiality(a_case(), confidential=True, paragraph_id=paragraph_id, paragraph=paragraph, reader=reader)
    assert getattr(refused.value, "field", None) == field


# --- handling time (CASE-08) ---------------------------------------------------------------------


def test_handling_time_runs_while_open_and_stops_at_closing() -> None:
    case = a_case()
    assert handling_time_seconds(case, now=NOW) == 0
    assert handling_time_seconds(case, now=NOW + timedelta(hours=2, seconds=5.9)) == 7205
    closed = case.model_copy(update={"status": CaseStatus.CLOSED, "closed_at": NOW + timedelta(minutes=30)})
    assert handling_time_seconds(closed, now=NOW + timedelta(days=3)) == 1800
    assert handling_time_seconds(case, now=NOW - timedelta(seconds=3)) == 0  # a clock a little behind


# --- officer (CASE-24) ---------------------------------------------------------------------------


def test_who_may_be_officer() -> None:
    case = a_case()
    assert ineligibility(user(), case) is None
    assert ineligibility(user(roles=(Role.SPECIALIST,)), case) is None
    assert ineligibility(user(roles=(Role.EXTERNAL, Role.ADMIN)), case) is None
    assert ineligibility(None, case) is not None
    assert "inaktiverad" in (ineligibility(user(active=False), case) or "")
    assert "inkorg" in (ineligibility(user(inbox_ids=("bygglov",)), case) or "")
    assert "roll" in (ineligibility(user(roles=(Role.ADMIN,)), case) or "")
    confidential = case.model_copy(update={"confidential": True})
    assert "sekretess" in (ineligibility(user(), confidential) or "")
    assert ineligibility(MAY_READ, confidential) is None
    with pytest.raises(InvalidInput) as refused:
        require_eligible(None, case, officer_id="u-ghost")
    assert refused.value.field == "officer_id"


def test_officer_options_match_name_or_username_in_swedish_order() -> None:
    users = [
        user("u-orjan", name="Örjan Ek"),
        user("u-anna", name="Anna Andersson"),
        user("u-asa", name="Åsa Berg"),
        user("u-admin", name="Adam Admin", roles=(Role.ADMIN,)),
        user("u-bert", name="Bert Ek", active=False),
    ]
    case = a_case()
    assert [u.user_id for u in officer_options(users, case, "")] == ["u-anna", "u-asa", "u-orjan"]
    assert [u.user_id for u in officer_options(users, case, "EK")] == ["u-orjan"]
    assert [u.user_id for u in officer_options(users, case, "asa")] == ["u-asa"]  # username or folded name


def test_assigning_and_removing_keeps_the_history() -> None:
    case = a_case()
    mine, changes = assign_officer(case, officer_id="u-anna", officer_name="Anna Andersson", now=NOW)
    assert (mine.officer_id, mine.version) == ("u-anna", case.version + 1)
    assert [(c.field, c.old, c.new) for c in changes] == [("officer", None, "Anna Andersson")]
    assert assign_officer(mine, officer_id="u-anna", officer_name="Anna Andersson", now=NOW) == (mine, [])
    later = NOW + timedelta(hours=1)
    theirs, _ = assign_officer(mine, officer_id="u-carl", officer_name="Carl Claesson", now=later)
    removed, changes = remove_officer(theirs, now=later + timedelta(hours=1))
    assert removed.officer_id is None
    assert removed.version == theirs.version + 1
    assert [(c.field, c.old, c.new) for c in changes] == [("officer", "Carl Claesson", None)]
    assert [(p.officer_id, p.since, p.until) for p in removed.officer_history] == [
        ("u-anna", NOW, later),
        ("u-carl", later, later + timedelta(hours=1)),
    ]
    assert remove_officer(removed, now=later) == (removed, [])
