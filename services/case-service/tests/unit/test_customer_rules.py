"""Rules of the customer tab, the customer register, the property register and other cases,
without I/O."""

from datetime import UTC, date, datetime, timedelta

import pytest

from arendo_kit.errors import Conflict, InvalidInput
from case_service.domain.case import Case, register_case
from case_service.domain.customer import (
    ANONYMOUS_NAME,
    Customer,
    CustomerRecord,
    CustomerSearch,
    CustomerType,
    RegisterSource,
    change_customer,
    clear_customer,
    copy_from_register,
    customer_from_input,
    customer_search,
    other_cases_query,
    ranked,
    record_to_update,
    register_keys,
    registered,
)
from case_service.domain.property import (
    PropertyImportRejected,
    link_property,
    parse_property_csv,
    property_id_for,
    unlink_property,
)

pytestmark = pytest.mark.unit

NOW = datetime(2026, 11, 28, 10, 0, tzinfo=UTC)
TODAY = date(2026, 11, 28)
PNR = "198112189876"


def new_case() -> Case:
    return register_case(number="2026-000001", inbox_id="kundtjanst", registered_by="u-1", now=NOW)


def customer(**values: object) -> Customer:
    return customer_from_input(values, today=TODAY)


# --- input ---


def test_the_customer_tab_is_tidied_and_normalised() -> None:
    entered = customer(
        first_name="  Anna ",
        last_name="Svensson",
        company="Exempel  AB",
        organisation_number="5560125790",
        care_of="God man Berg",
        street="Storgatan 1",
        postcode="12345",
        city="Exempelby",
        type="private_person",
        personal_number="19811218-9876",
        home_phone="08-12 34 56",
        mobile_phone="070-123 45 67",
        work_phone="+47 22 12 34 56",
        email="Anna.Svensson@Example.SE",
        other_email="",
        trakt="Trakten",
        block="1",
        enhet="23",
    )
    assert entered.first_name == "Anna"
    assert entered.company == "Exempel AB"
    assert entered.organisation_number == "556012-5790"
    assert entered.postcode == "123 45"
    assert entered.type is CustomerType.PRIVATE_PERSON
    assert entered.personal_number == PNR
    assert entered.phones() == ("+468123456", "+46701234567", "+4722123456")
    assert entered.email == "Anna.Svensson@example.se"
    assert entered.other_email is None
    assert CustomerType.ASSOCIATION.label == "Förening"


def test_a_foreign_postcode_is_kept_as_written() -> None:
    abroad = customer(street="Karl Johans gate 1", postcode="0154", city="Oslo", country="Norge")
    assert abroad.postcode == "0154"
    with pytest.raises(InvalidInput) as refused:
        customer(postcode="0154", country="Sverige")
    assert refused.value.field == "postcode"


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"personal_number": "19810230-1234"}, "personal_number"),
        ({"personal_number": "19811218-9875"}, "personal_number"),
        ({"organisation_number": "551012-5790"}, "organisation_number"),
        ({"postcode": "1234"}, "postcode"),
        ({"mobile_phone": "ring mig"}, "mobile_phone"),
        ({"home_phone": "123"}, "home_phone"),
        ({"work_phone": "+0 12"}, "work_phone"),
        ({"email": "anna.example.se"}, "email"),
        ({"other_email": "anna@localhost"}, "other_email"),
        ({"block": "1:2"}, "block"),
        ({"enhet": "tjugo"}, "enhet"),
        ({"type": "kommun"}, "type"),
        ({"shoe_size": "42"}, "shoe_size"),
        ({"anonymous": True, "first_name": "Anna"}, "anonymous"),
        ({"anonymous": True, "type": "company"}, "anonymous"),
    ],
)
def test_bad_input_names_the_field(values: dict[str, object], field: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        customer(**values)
    assert refused.value.field == field


def test_the_personal_number_is_never_in_the_message() -> None:
    with pytest.raises(InvalidInput) as refused:
        customer(personal_number="19811218-9875")
    assert "9875" not in refused.value.detail


def test_the_display_name_is_name_else_company_else_email() -> None:
    assert customer(first_name="Anna", last_name="Svensson", company="AB", email="a@x.se").display_name() == (
        "Anna Svensson"
    )
    assert customer(last_name="Svensson").display_name() == "Svensson"
    assert customer(company="Exempel AB", email="a@x.se").display_name() == "Exempel AB"
    assert customer(email="a@x.se").display_name() == "a@x.se"
    assert customer(mobile_phone="0701234567").display_name() is None
    assert customer(anonymous=True).display_name() == ANONYMOUS_NAME
    assert Customer().is_empty()
    assert not customer(anonymous=True).is_empty()


# --- the customer on the case ---


def test_a_customer_change_records_display_texts_and_field_names_never_the_personal_number() -> None:
    case = new_case()
    anna = customer(first_name="Anna", last_name="Svensson", personal_number=PNR)
    changed, changes = change_customer(case, anna)
    assert changed.version == case.version + 1
    assert changed.customer == anna
    assert changed.summary().customer_display_name == "Anna Svensson"
    assert [(c.field, c.old, c.new) for c in changes] == [
        ("customer", None, "Anna Svensson (ändrat: förnamn, efternamn, personnummer)")
    ]
    moved = anna.model_copy(update={"personal_number": "198112189868", "mobile_phone": "+46701234567"})
    _, changes = change_customer(changed, moved)
    text = f"{changes[0].old} {changes[0].new}"
    assert changes[0].new == "Anna Svensson (ändrat: personnummer, mobiltelefon)"
    assert "19811218" not in text
    assert "+4670" not in text


def test_the_same_customer_again_changes_nothing() -> None:
    case, _ = change_customer(new_case(), customer(email="a@x.se"))
    same, changes = change_customer(case, customer(email="a@x.se"))
    assert same is case
    assert changes == []


def test_anonymous_clears_and_locks_until_turned_off() -> None:
    case, _ = change_customer(new_case(), customer(first_name="Anna", email="a@x.se"))
    anonymous, changes = change_customer(case, customer(anonymous=True))
    assert anonymous.customer == Customer(anonymous=True)
    assert anonymous.summary().customer_display_name == ANONYMOUS_NAME
    assert [(c.old, c.new) for c in changes] == [("Anna", ANONYMOUS_NAME)]
    with pytest.raises(Conflict) as locked:
        change_customer(anonymous, customer(first_name="Bertil"))
    assert locked.value.field == "anonymous"
    with pytest.raises(Conflict):
        clear_customer(anonymous)
    record = CustomerRecord(id="r-1", key="email:b@x.se", customer=customer(email="b@x.se"), updated_at=NOW, version=1)
    with pytest.raises(Conflict):
        copy_from_register(anonymous, record)
    unlocked, changes = change_customer(anonymous, Customer())
    assert unlocked.customer.is_empty()
    assert [(c.old, c.new) for c in changes] == [(ANONYMOUS_NAME, None)]
    filled, _ = change_customer(unlocked, customer(first_name="Bertil"))
    assert filled.customer.first_name == "Bertil"


def test_clear_all_fields() -> None:
    case, _ = change_customer(new_case(), customer(company="Exempel AB", postcode="12345"))
    cleared, changes = clear_customer(case)
    assert cleared.customer == Customer()
    assert cleared.summary().customer_display_name is None
    assert [(c.field, c.old, c.new) for c in changes] == [("customer", "Exempel AB", None)]
    again, changes = clear_customer(cleared)
    assert (again, changes) == (cleared, [])


def test_picking_from_the_register_copies_its_data() -> None:
    record = CustomerRecord(
        id="r-1", key=f"pnr:{PNR}", customer=customer(first_name="Anna", personal_number=PNR), updated_at=NOW, version=3
    )
    case, changes = copy_from_register(new_case(), record)
    assert case.customer == record.customer
    assert changes[0].new == "Anna (ändrat: förnamn, personnummer)"


def test_the_case_keeps_search_copies_of_its_customer() -> None:
    case, _ = change_customer(
        new_case(),
        customer(first_name="Åsa", last_name="Öberg", company="Ärlig AB", personal_number=PNR, email="Asa@X.se"),
    )
    stored = case.model_dump()
    assert stored["customer_display_name"] == "Åsa Öberg"
    assert stored["customer_keys"] == ("email:asa@x.se", f"pnr:{PNR}")
    assert stored["customer_name_folded"] == "asa oberg | oberg asa | arlig ab"
    assert Case.model_validate(stored) == case  # the copies are derived, never read back


# --- the customer register ---


def test_register_keys_strongest_first_and_none_when_anonymous() -> None:
    full = customer(personal_number=PNR, organisation_number="556012-5790", email="A@x.se", other_email="b@x.se")
    assert register_keys(full) == (f"pnr:{PNR}", "org:556012-5790", "email:a@x.se", "email:b@x.se")
    assert register_keys(customer(email="a@x.se")) == ("email:a@x.se",)
    assert register_keys(customer(first_name="Anna", mobile_phone="0701234567")) == ()
    assert register_keys(customer(anonymous=True)) == ()


def record(key: str, **values: object) -> CustomerRecord:
    return CustomerRecord(id=f"id-{key}", key=key, customer=customer(**values), updated_at=NOW, version=1)


def test_the_entry_to_update_is_the_strongest_key_else_one_known_only_by_email() -> None:
    keys = (f"pnr:{PNR}", "org:556012-5790", "email:a@x.se")
    by_pnr, by_org, by_email = record(keys[0]), record(keys[1]), record(keys[2])
    assert record_to_update([by_email, by_org, by_pnr], keys) is by_pnr
    assert record_to_update([by_email, by_org], keys) is by_email  # promoted to the personal number
    assert record_to_update([by_org], keys) is None  # a company is not a person: a new entry
    assert record_to_update([], keys) is None


def fed(case_id: str, version: int, at: datetime) -> RegisterSource:
    return RegisterSource(case_id=case_id, case_version=version, at=at)


def test_the_register_keeps_the_latest_value_of_each_field() -> None:
    first = registered(
        None,
        customer(first_name="Anna", email="a@x.se", street="Storgatan 1"),
        key="email:a@x.se",
        new_id="r-1",
        source=fed("c-1", 2, NOW),
    )
    assert first is not None
    assert (first.id, first.version, first.key, first.updated_at) == ("r-1", 1, "email:a@x.se", NOW)
    assert set(first.sources) == {"first_name", "email", "street"}
    later = NOW + timedelta(days=1)
    second = registered(
        first,
        customer(personal_number=PNR, street="Lillgatan 2"),
        key=f"pnr:{PNR}",
        new_id="unused",
        source=fed("c-2", 3, later),
    )
    assert second is not None
    assert (second.id, second.version, second.key, second.updated_at) == ("r-1", 2, f"pnr:{PNR}", later)
    assert second.customer == customer(first_name="Anna", email="a@x.se", street="Lillgatan 2", personal_number=PNR)
    assert (second.sources["street"], second.sources["first_name"]) == (fed("c-2", 3, later), fed("c-1", 2, NOW))


def test_a_repeated_or_older_feed_never_replaces_newer_data() -> None:
    later = NOW + timedelta(minutes=5)
    entry = registered(
        None,
        customer(email="a@x.se", mobile_phone="0701111111"),
        key="email:a@x.se",
        new_id="r-1",
        source=fed("a", 2, NOW),
    )
    assert entry is not None
    newer = registered(
        entry,
        customer(email="a@x.se", mobile_phone="0702222222"),
        key="email:a@x.se",
        new_id="unused",
        source=fed("b", 4, later),
    )
    assert newer is not None
    assert newer.customer.mobile_phone == "+46702222222"
    # Case a's event again, or late: nothing newer than what case b gave, so no write at all.
    same = customer(email="a@x.se", mobile_phone="0701111111")
    assert registered(newer, same, key="email:a@x.se", new_id="unused", source=fed("a", 2, NOW)) is None
    assert registered(newer, same, key="email:a@x.se", new_id="unused", source=fed("b", 4, later)) is None
    # An older feed still fills what the register did not know, and only that.
    filled = registered(
        newer,
        customer(email="a@x.se", mobile_phone="0701111111", city="Exempelby"),
        key="email:a@x.se",
        new_id="unused",
        source=fed("a", 3, NOW + timedelta(minutes=1)),
    )
    assert filled is not None
    assert (filled.customer.mobile_phone, filled.customer.city, filled.version) == ("+46702222222", "Exempelby", 3)
    assert filled.updated_at == later  # never moves back


def test_the_versions_of_one_case_order_its_feeds_whatever_the_clocks_say() -> None:
    early = NOW - timedelta(seconds=2)  # another replica's clock behind
    assert fed("a", 3, early).supersedes(fed("a", 2, NOW))
    assert not fed("a", 2, NOW + timedelta(hours=1)).supersedes(fed("a", 3, NOW))
    assert not fed("a", 3, NOW).supersedes(fed("a", 3, NOW))
    assert fed("b", 1, NOW + timedelta(milliseconds=1)).supersedes(fed("a", 9, NOW))
    assert not fed("b", 9, NOW).supersedes(fed("a", 1, NOW))
    assert fed("a", 1, NOW).supersedes(None)
    # The later version keeps the later time, so another case's older change cannot slip in.
    assert fed("a", 3, early).after(fed("a", 2, NOW)) == fed("a", 3, NOW)
    assert fed("a", 3, NOW).after(fed("b", 2, early)) == fed("a", 3, NOW)
    # Stored as MongoDB stores it, to the millisecond.
    assert fed("a", 1, NOW.replace(microsecond=123_456)).at == NOW.replace(microsecond=123_000)


def test_anonymous_and_cleared_customers_have_nothing_to_register() -> None:
    assert register_keys(customer(anonymous=True)) == ()
    assert register_keys(Customer()) == ()


def test_a_search_needs_a_field_and_valid_numbers() -> None:
    blank = {"email": " ", "personal_number": None, "name": "", "phone": None, "company": None}
    with pytest.raises(InvalidInput) as refused:
        customer_search(**blank, today=TODAY)
    assert refused.value.field == "query"
    with pytest.raises(InvalidInput) as refused:
        customer_search(**{**blank, "personal_number": "19810230-1234"}, today=TODAY)
    assert refused.value.field == "personal_number"
    with pytest.raises(InvalidInput) as refused:
        customer_search(**{**blank, "phone": "abc"}, today=TODAY)
    assert refused.value.field == "phone"
    search = customer_search(
        email=" Anna@X.se ",
        personal_number="811218-9876",
        name="Åsa Ö",
        phone="070-123 45 67",
        company="ÄRLIG",
        today=TODAY,
    )
    assert search == CustomerSearch(
        email="anna@x.se", personal_number=PNR, name="asa o", phone="+46701234567", company="arlig"
    )


def test_the_email_hit_comes_first_then_personal_number_phone_name() -> None:
    by_email = record("email:anna@x.se", first_name="Zelda", email="anna@x.se")
    by_pnr = record(f"pnr:{PNR}", first_name="Yngve", personal_number=PNR)
    by_name_a = record("email:b@x.se", first_name="Anna", last_name="Berg", email="b@x.se")
    by_name_b = record("email:c@x.se", first_name="Anna", last_name="Andersson", email="c@x.se")
    by_phone = record("email:d@x.se", first_name="Xerxes", mobile_phone="0701234567", email="d@x.se")
    nobody = record("email:e@x.se", first_name="Olle", email="e@x.se")
    search = CustomerSearch(email="anna@x.se", personal_number=PNR, name="anna", phone="+46701234567")
    hits = ranked([nobody, by_name_a, by_phone, by_name_b, by_pnr, by_email], search, limit=10)
    assert [(r.customer.first_name, matched) for r, matched in hits] == [
        ("Zelda", ("email",)),
        ("Yngve", ("personal_number",)),
        ("Xerxes", ("phone",)),
        ("Anna", ("name",)),  # Anna Andersson before Anna Berg
        ("Anna", ("name",)),
    ]
    assert hits[3][0].customer.last_name == "Andersson"
    assert len(ranked([by_name_a, by_name_b], search, limit=1)) == 1


def test_a_name_matches_in_either_order() -> None:
    anna = record("email:b@x.se", first_name="Anna", last_name="Berg", email="b@x.se")
    assert ranked([anna], CustomerSearch(name="berg an"), limit=5)
    assert ranked([anna], CustomerSearch(name="anna b"), limit=5)
    assert not ranked([anna], CustomerSearch(name="annab"), limit=5)


# --- other cases of the customer ---


def test_other_cases_are_searched_by_the_case_customer_unless_fields_are_given() -> None:
    anna = customer(first_name="Anna", last_name="Svensson", personal_number=PNR, email="a@x.se")
    prefilled = other_cases_query(anna, email=None, personal_number=None, name=" ", today=TODAY)
    assert (prefilled.email, prefilled.personal_number, prefilled.name) == ("a@x.se", PNR, "Anna Svensson")
    edited = other_cases_query(anna, email=None, personal_number=None, name="Svensson", today=TODAY)
    assert (edited.email, edited.personal_number, edited.name) == (None, None, "Svensson")
    by_number = other_cases_query(anna, email=None, personal_number="811218-9876", name=None, today=TODAY)
    assert by_number.personal_number == PNR
    with pytest.raises(InvalidInput) as refused:
        other_cases_query(anna, email=None, personal_number="12", name=None, today=TODAY)
    assert refused.value.field == "personal_number"
    company = other_cases_query(
        customer(company="Exempel AB"), email=None, personal_number=None, name=None, today=TODAY
    )
    assert company.name == "Exempel AB"
    assert other_cases_query(
        customer(anonymous=True), email=None, personal_number=None, name=None, today=TODAY
    ).is_empty()


# --- the property register ---

GOOD_CSV = """designation,trakt,block,enhet,address,postcode,city
Exempelby Trakten 1:23,Trakten,1,23,Storgatan 1,12345,Exempelby
Exempelby Kvarnen 7,Kvarnen,*,7,Kvarngatan 3,123 46,Exempelby
Exempelby Ängen S:4,Ängen,S,4,,,
"""


def test_a_good_file_gives_every_property() -> None:
    found = parse_property_csv(GOOD_CSV)
    assert [(p.designation, p.block, p.enhet, p.postcode) for p in found] == [
        ("Exempelby Trakten 1:23", "1", "23", "123 45"),
        ("Exempelby Kvarnen 7", "*", "7", "123 46"),
        ("Exempelby Ängen S:4", "S", "4", None),
    ]
    assert found[0].property_id == property_id_for(" exempelby  trakten 1:23")  # stable across imports
    assert "storgatan 1" in found[0].search_text()
    assert "12345" in found[0].search_text()
    assert "angen" in found[2].search_text()


def test_semicolons_and_column_order_of_swedish_spreadsheets() -> None:
    text = (
        "City;Postcode;Address;Enhet;Block;Trakt;Designation\r\n"
        "Exempelby;12345;Storgatan 1;23;1;Trakten;Exempelby Trakten 1:23\r\n"
    )
    (only,) = parse_property_csv(text)
    assert (only.designation, only.address, only.postcode) == ("Exempelby Trakten 1:23", "Storgatan 1", "123 45")


def test_a_file_with_bad_lines_is_refused_naming_every_line() -> None:
    text = """designation,trakt,block,enhet,address,postcode,city
Exempelby Trakten 1:23,Trakten,1,23,Storgatan 1,12345,Exempelby
Exempelby Trakten 1:24,Trakten,1,24,Storgatan 2,1234,Exempelby
Exempelby Trakten 1:25,Trakten,1:2,25,,,
,Trakten,1,26,,,
Exempelby Trakten 1:23,Trakten,1,23,,,
Exempelby Backen 2:1,Trakten,2,1,,,
Exempelby Trakten 1:27,Trakten,1,27
"""
    with pytest.raises(PropertyImportRejected) as rejected:
        parse_property_csv(text)
    problems = [(p.line, p.column) for p in rejected.value.problems]
    assert problems == [
        (3, "postcode"),
        (4, "block"),
        (5, "designation"),
        (6, "designation"),
        (7, "designation"),
        (8, None),
    ]
    assert rejected.value.total == 6
    assert "rad 2" in rejected.value.problems[3].message  # the duplicate names the first line
    assert rejected.value.field == "postcode"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "rubrikrad"),
        ("designation,trakt,address\nX,Y,Z\n", "block, enhet"),
        ("designation,trakt,block,enhet\n", "inga fastigheter"),
    ],
)
def test_files_without_properties_are_refused(text: str, message: str) -> None:
    with pytest.raises(PropertyImportRejected, match=message):
        parse_property_csv(text)


def test_link_and_unlink_a_property() -> None:
    first, second = parse_property_csv(GOOD_CSV)[:2]
    linked, changes = link_property(new_case(), first)
    assert linked.linked_property == first
    assert [(c.field, c.old, c.new) for c in changes] == [("property", None, "Exempelby Trakten 1:23")]
    same, changes = link_property(linked, first)
    assert (same, changes) == (linked, [])
    moved, changes = link_property(linked, second)
    assert [(c.old, c.new) for c in changes] == [("Exempelby Trakten 1:23", "Exempelby Kvarnen 7")]
    unlinked, changes = unlink_property(moved)
    assert unlinked.linked_property is None
    assert unlinked.version == moved.version + 1
    assert [(c.old, c.new) for c in changes] == [("Exempelby Kvarnen 7", None)]
    assert unlink_property(unlinked) == (unlinked, [])
