"""The admin registers' rules without I/O: folded search, the organisation tree, template
placeholders, system settings ranges and the inbox and user change rules."""

import pytest

from arendo_contracts.events.inbox import DiaryPlanEntry, NotificationSettings
from arendo_contracts.events.registers import Recipient, SystemSettingsValues
from arendo_contracts.templates import PLACEHOLDERS, TemplatePurpose
from arendo_contracts.vocabulary import InboxKind, Role
from arendo_kit.errors import Conflict, InvalidInput
from arendo_kit.text import swedish_sort_key
from inbox_service.domain.areas import new_area, revise_area
from inbox_service.domain.distribution_lists import clean_recipients
from inbox_service.domain.organisations import (
    Organisation,
    check_parent,
    lineage,
    new_organisation,
    path_of,
    revise_organisation,
    with_paths,
)
from inbox_service.domain.registers import (
    Inbox,
    User,
    diary_plan_matching,
    eligible_officers,
    new_inbox,
    new_user,
    revise_inbox,
    revise_user,
)
from inbox_service.domain.search import fold, matches
from inbox_service.domain.system_settings import check_values, default_settings, revise_settings
from inbox_service.domain.templates import PlaceholderError, check_placeholders, new_template, placeholders_in

pytestmark = pytest.mark.unit


# --- folded search -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "text"),
    [("bygg", "Bygglov"), ("ÅTERVINNING", "återvinning"), ("atervinning", "Återvinningscentral"), ("oster", "Öster")],
)
def test_search_ignores_case_and_swedish_accents(query: str, text: str) -> None:
    assert matches(query, text)


def test_blank_search_matches_everything_and_a_miss_is_a_miss() -> None:
    assert all(matches(blank, "Bygglov") for blank in ("", None, "  "))
    assert not matches("parkering", "Bygglov", "Altan")
    assert fold("  Åsa   Öberg ") == "asa oberg"


def test_names_sort_in_swedish_order() -> None:
    names = ["Örjan", "Ärla", "Åsa", "anna", "Zacke", "Éva", "Bo"]
    assert sorted(names, key=swedish_sort_key) == ["anna", "Bo", "Éva", "Zacke", "Åsa", "Ärla", "Örjan"]


# --- diary plan, inboxes, officers ---------------------------------------------------------


def inbox(**changes: object) -> Inbox:
    options: dict[str, object] = dict(
        name="Kundtjänst",
        kind=InboxKind.WORK_GROUP,
        email=None,
        notifications=NotificationSettings(),
        reply_time_limit_hours=None,
        diary_plan=[
            DiaryPlanEntry(case_type="Bygglov", categories=("Altan", "Garage")),
            DiaryPlanEntry(case_type="Avfall", categories=("Återvinning",), kb_entry_ids=("kb-1",)),
            DiaryPlanEntry(case_type="Gata och park"),
        ],
    )
    return new_inbox(**{**options, **changes})  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("query", "case_types"),
    [
        ("", ["Bygglov", "Avfall", "Gata och park"]),
        ("bygg", ["Bygglov"]),
        ("GARAGE", ["Bygglov"]),
        ("atervinn", ["Avfall"]),
        ("a", ["Bygglov", "Avfall", "Gata och park"]),
        ("snöröjning", []),
    ],
)
def test_the_diary_plan_search_matches_case_type_or_category(query: str, case_types: list[str]) -> None:
    assert [e.case_type for e in diary_plan_matching(inbox(), query)] == case_types


@pytest.mark.parametrize("reserved", ["users", "registers", "Users", "my-cases", "distributions"])
def test_path_segments_are_not_inbox_ids(reserved: str) -> None:
    with pytest.raises(InvalidInput) as error:
        inbox(inbox_id=reserved)
    assert error.value.field == "id"


def test_a_blank_case_type_names_its_place_in_the_plan() -> None:
    with pytest.raises(InvalidInput) as error:
        inbox(diary_plan=[DiaryPlanEntry(case_type="Bygglov"), DiaryPlanEntry(case_type="  ")])
    assert error.value.field == "diary_plan.1.case_type"


def revise(current: Inbox, **changes: object) -> Inbox:
    options: dict[str, object] = dict(
        name=current.name,
        kind=current.kind,
        email=current.email,
        notifications=current.notifications,
        reply_time_limit_hours=current.reply_time_limit_hours,
        diary_plan=current.diary_plan,
        active=current.active,
    )
    return revise_inbox(current, **{**options, **changes})  # type: ignore[arg-type]


def test_an_unchanged_inbox_keeps_its_version_and_a_change_moves_it() -> None:
    original = inbox()
    assert revise(original) is original
    renamed = revise(original, name=" Kund  service ", active=False)
    assert (renamed.name, renamed.name_lower, renamed.active, renamed.version) == (
        "Kund service",
        "kund service",
        False,
        2,
    )
    with pytest.raises(InvalidInput) as error:
        revise(original, diary_plan=[DiaryPlanEntry(case_type="A"), DiaryPlanEntry(case_type="a")])
    assert error.value.field == "diary_plan"


def user(**changes: object) -> User:
    options: dict[str, object] = dict(
        username="anna",
        name="Anna Andersson",
        email=None,
        roles=[Role.OFFICER],
        inbox_ids=["kt"],
        confidential_inbox_ids=[],
    )
    return new_user(**{**options, **changes})  # type: ignore[arg-type]


def change_user(current: User, *, caller_id: str = "admin", **changes: object) -> User:
    options: dict[str, object] = dict(
        name=current.name,
        email=current.email,
        roles=current.roles,
        inbox_ids=current.inbox_ids,
        confidential_inbox_ids=current.confidential_inbox_ids,
        active=current.active,
    )
    return revise_user(current, caller_id=caller_id, **{**options, **changes})  # type: ignore[arg-type]


def test_a_user_change_keeps_the_username_and_the_confidentiality_rule() -> None:
    anna = user()
    assert change_user(anna) is anna
    moved = change_user(anna, name="Anna  Berg", inbox_ids=["kt", "bygg"], confidential_inbox_ids=["bygg"])
    assert (moved.username, moved.name_lower, moved.version) == ("anna", "anna berg", 2)
    with pytest.raises(InvalidInput) as error:
        change_user(anna, confidential_inbox_ids=["bygg"])
    assert error.value.field == "confidential_inbox_ids"


@pytest.mark.parametrize(("changes", "field"), [({"active": False}, "active"), ({"roles": [Role.OFFICER]}, "roles")])
def test_an_admin_cannot_lock_themselves_out(changes: dict[str, object], field: str) -> None:
    admin = user(user_id="u-admin", roles=[Role.OFFICER, Role.ADMIN])
    with pytest.raises(InvalidInput) as error:
        change_user(admin, caller_id="u-admin", **changes)
    assert error.value.field == field
    assert not change_user(admin, caller_id="someone-else", active=False).active


def test_eligible_officers_are_active_members_with_an_officer_role_by_name() -> None:
    users = [
        user(username="orjan", name="Örjan Ek", roles=[Role.EXTERNAL]),
        user(username="bo", name="Bo Ask", roles=[Role.SPECIALIST]),
        user(username="admin", name="Ada Admin", roles=[Role.ADMIN]),
        user(username="other", name="Olle", inbox_ids=["annan"]),
        user(username="anna", name="Anna"),
        change_user(user(username="gone", name="Gustav"), active=False),
    ]
    assert [u.username for u in eligible_officers(users, "kt")] == ["anna", "bo", "orjan"]


def test_a_user_stored_before_the_officer_search_gets_its_lower_case_name() -> None:
    stored = User.model_validate({"id": "u", "version": 3, "username": "x", "name": "Åsa Ek", "roles": ["officer"]})
    assert stored.name_lower == "åsa ek"


# --- areas and distribution lists ---------------------------------------------------------


def test_an_area_is_named_and_deactivated_as_a_new_version() -> None:
    area = new_area(name="  Centrum ", description="  ")
    assert (area.name, area.name_lower, area.description) == ("Centrum", "centrum", None)
    assert revise_area(area, name="Centrum", description=None, active=True) is area
    assert revise_area(area, name="Centrum", description=None, active=False).version == 2
    with pytest.raises(InvalidInput) as error:
        new_area(name=" ", description=None)
    assert error.value.field == "name"


def test_recipients_are_needed_once_each_with_a_valid_address() -> None:
    cleaned = clean_recipients([Recipient(name=" Miljö ", email="Miljo@Kommun.se"), Recipient(email="b@kommun.se")])
    assert cleaned == (Recipient(name="Miljö", email="miljo@kommun.se"), Recipient(email="b@kommun.se"))
    for recipients, field in (
        ([], "recipients"),
        ([Recipient(email="a@kommun.se"), Recipient(email="A@kommun.se")], "recipients.1.email"),
        ([Recipient(email="inte-en-adress")], "recipients.0.email"),
    ):
        with pytest.raises(InvalidInput) as error:
            clean_recipients(recipients)
        assert error.value.field == field


# --- organisation tree ----------------------------------------------------------------------


def tree_of(*organisations: Organisation) -> dict[str, Organisation]:
    return {o.id: o for o in organisations}


def org(org_id: str, name: str, parent_id: str | None = None, active: bool = True) -> Organisation:
    return Organisation(
        id=org_id,
        version=1,
        name=name,
        name_lower=name.lower(),
        search_key=fold(name),
        parent_id=parent_id,
        active=active,
    )


KS = org("ks", "Kommunstyrelsen")
SBF = org("sbf", "Stadsbyggnadsförvaltningen", "ks")
BYGG = org("bygg", "Bygglovsenheten", "sbf")
MILJO = org("miljo", "Miljöförvaltningen", "ks")
TREE = tree_of(KS, SBF, BYGG, MILJO)


def test_the_path_runs_from_the_root_down() -> None:
    assert path_of("sbf", TREE) == ["Kommunstyrelsen", "Stadsbyggnadsförvaltningen"]
    assert path_of("bygg", TREE) == ["Kommunstyrelsen", "Stadsbyggnadsförvaltningen", "Bygglovsenheten"]
    assert path_of("ks", TREE) == ["Kommunstyrelsen"]


def test_hits_come_in_tree_order_with_their_paths() -> None:
    ordered = with_paths([MILJO, BYGG, SBF], TREE)
    assert [path[-1] for _, path in ordered] == [
        "Miljöförvaltningen",
        "Stadsbyggnadsförvaltningen",
        "Bygglovsenheten",
    ]


@pytest.mark.parametrize(("moved", "new_parent"), [("ks", "bygg"), ("sbf", "bygg"), ("sbf", "sbf")])
def test_a_unit_cannot_move_below_itself(moved: str, new_parent: str) -> None:
    with pytest.raises(InvalidInput) as error:
        check_parent(moved, new_parent, tree=TREE, active=True)
    assert error.value.field == "parent_id"


def test_a_unit_may_move_sideways_and_to_the_root() -> None:
    check_parent("bygg", "miljo", tree=TREE, active=True)
    moved = revise_organisation(BYGG, name="Bygglov", parent_id=None, active=True, tree=TREE, has_active_children=False)
    assert (moved.parent_id, moved.version) == (None, 2)


def test_the_parent_must_exist_and_be_active() -> None:
    with pytest.raises(InvalidInput, match="finns inte"):
        new_organisation(name="Ny", parent_id="saknas", tree=TREE)
    closed = tree_of(org("old", "Gamla nämnden", active=False))
    with pytest.raises(InvalidInput, match="inaktiverad"):
        new_organisation(name="Ny", parent_id="old", tree=closed)


def test_a_unit_with_active_units_below_is_not_deactivated() -> None:
    with pytest.raises(Conflict) as error:
        revise_organisation(SBF, name=SBF.name, parent_id="ks", active=False, tree=TREE, has_active_children=True)
    assert error.value.field == "active"
    leaf = revise_organisation(
        BYGG, name=BYGG.name, parent_id="sbf", active=False, tree=TREE, has_active_children=False
    )
    assert not leaf.active


def test_a_damaged_tree_never_loops() -> None:
    looped = tree_of(org("a", "A", "b"), org("b", "B", "a"))
    assert [o.id for o in lineage("a", looped)] == ["a", "b"]


# --- template placeholders ------------------------------------------------------------------


def test_placeholders_are_found_in_order() -> None:
    text = "Hej {{customer_name}}!\nÄrende {{ case_number }} ({{case_title}}), svar senast {{desired_answer_date}}."
    assert placeholders_in(text) == ["customer_name", "case_number", "case_title", "desired_answer_date"]
    assert placeholders_in("Inga bokmärken { alls }") == []
    assert check_placeholders(" ".join(f"{{{{{p}}}}}" for p in PLACEHOLDERS), field="body") == list(PLACEHOLDERS)


@pytest.mark.parametrize(
    ("text", "written"),
    [
        ("Hej {{customer_name", "{{customer_name"),
        ("Hej customer_name}} där", "Hej customer_name}}"),
        ("{{}}", "{{}}"),
        ("{{case number}}", "{{case number}}"),
        ("{{{case_number}}}", "{{{case_number}}"),
        ("{{Case_Number}}", "{{Case_Number}}"),
        ("{{case_number}} }}", " }}"),
    ],
)
def test_malformed_placeholders_are_named(text: str, written: str) -> None:
    with pytest.raises(PlaceholderError) as error:
        placeholders_in(text)
    assert error.value.placeholder == written


def test_an_unknown_placeholder_is_refused_naming_the_field_and_the_placeholder() -> None:
    with pytest.raises(InvalidInput) as error:
        new_template(
            inbox_id="kt",
            name="Svar",
            purpose=TemplatePurpose.REPLY,
            subject="Ärende {{case_number}}",
            body="Hej {{kundnamn}}",
        )
    assert error.value.field == "body"
    assert "{{kundnamn}}" in error.value.detail
    with pytest.raises(InvalidInput) as error:
        new_template(inbox_id="kt", name="Svar", purpose=TemplatePurpose.REPLY, subject="{{case_nr", body="Hej")
    assert error.value.field == "subject"
    assert "{{case_nr" in error.value.detail


def test_a_good_template_is_kept_tidy_and_usable_for_its_purpose() -> None:
    template = new_template(
        inbox_id="kt",
        name=" Svar  till kund ",
        purpose=TemplatePurpose.ANY,
        subject="  Ärende {{case_number}} ",
        body="Hej {{customer_name}},\n\nMvh {{officer_name}}\n",
    )
    assert (template.name, template.subject) == ("Svar till kund", "Ärende {{case_number}}")
    assert template.usable_for(TemplatePurpose.REFERRAL)


# --- system settings ------------------------------------------------------------------------


def test_the_defaults_are_the_documented_ones() -> None:
    values = default_settings().values
    assert (values.referral_answer_days, values.auto_reopen_days, values.lock_expiry_minutes) == (14, 30, 30)
    assert (values.confirm_on_close, values.offer_close_subcases, values.warn_unanswered_on_close) == (
        True,
        True,
        True,
    )
    assert (values.event_date_visible, values.sms_max_parts) == (False, 3)
    assert check_values(values) == values


@pytest.mark.parametrize(
    ("field", "value", "ok"),
    [
        ("referral_answer_days", 0, False),
        ("referral_answer_days", 1, True),
        ("referral_answer_days", 366, False),
        ("auto_reopen_days", 0, True),
        ("auto_reopen_days", -1, False),
        ("lock_expiry_minutes", 0, False),
        ("lock_expiry_minutes", 1440, True),
        ("sms_max_parts", 11, False),
        ("sms_max_parts", 10, True),
    ],
)
def test_settings_ranges(field: str, value: int, ok: bool) -> None:
    values = SystemSettingsValues(**{field: value})
    if ok:
        assert getattr(revise_settings(default_settings(), values).values, field) == value
        return
    with pytest.raises(InvalidInput) as error:
        check_values(values)
    assert error.value.field == field


def test_unchanged_settings_keep_their_version() -> None:
    settings = default_settings()
    assert revise_settings(settings, SystemSettingsValues()) is settings
    assert revise_settings(settings, SystemSettingsValues(event_date_visible=True)).version == 2
