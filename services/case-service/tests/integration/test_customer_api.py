"""The customer of a case and the registers around it over the in-process API with a real
MongoDB-wire server and RabbitMQ: the customer tab (CASE-09), the customer register (CASE-10),
the property register and tab (CASE-11) and other cases of the customer (CASE-12)."""

import json
from collections.abc import Awaitable, Callable
from typing import Any

import httpx
import pytest

from arendo_contracts import CloudEvent
from arendo_contracts.events.case import CaseCreatedV1
from arendo_kit.testing.events import EventProbe
from arendo_kit.testing.fixture_types import AsUser, NewCase, NewInbox, NewUser
from arendo_kit.testing.http import if_match, problem_fields
from arendo_kit.testing.polling import eventually
from case_service.service.customers import feed_customer_register
from case_service.store.customers import CustomerRegister

pytestmark = pytest.mark.integration

PNR = "198112189876"  # 19811218-9876: a real date and a correct check digit
OTHER_PNR = "198112189868"


async def with_customer(api: httpx.AsyncClient, case: dict[str, Any], **customer: Any) -> dict[str, Any]:
    response = await api.put(f"/api/cases/{case['id']}/customer", json=customer, headers=if_match(case))
    assert response.status_code == 200, response.text
    changed: dict[str, Any] = response.json()
    return changed


async def updated_to(probe: EventProbe, case_id: str, version: int) -> CloudEvent:
    """The update event of that version: an earlier change's event may still be on its way."""

    async def arrived() -> CloudEvent | None:
        found = [e for e in probe.of_type("case.updated.v1") if e.subject == case_id]
        return next((e for e in found if e.data["case"]["version"] == version), None)

    return await eventually(arrived, what=f"case.updated.v1 of {case_id} at version {version}")


# --- the customer tab (CASE-09) ------------------------------------------------------------------


async def test_the_customer_is_normalised_shown_in_the_summary_and_announced_without_personal_number(
    api: httpx.AsyncClient, new_case: NewCase, rabbitmq_url: str
) -> None:
    case = await new_case(title="Fråga")
    assert case["customer"]["anonymous"] is False
    assert case["customer_display_name"] is None
    assert case["linked_property"] is None
    body = {
        "first_name": " Anna ",
        "last_name": "Svensson",
        "company": "Exempel AB",
        "organisation_number": "5560125790",
        "care_of": "God man Berg",
        "street": "Storgatan 1",
        "postcode": "12345",
        "city": "Exempelby",
        "country": "Sverige",
        "type": "private_person",
        "personal_number": "19811218-9876",
        "home_phone": "08-12 34 56",
        "mobile_phone": "070-123 45 67",
        "work_phone": "+47 22 12 34 56",
        "email": "anna@example.se",
        "other_email": "anna.svensson@jobb.se",
        "trakt": "Trakten",
        "block": "1",
        "enhet": "23",
    }
    async with EventProbe(rabbitmq_url, ["case.updated.v1"]) as probe:
        response = await api.put(f"/api/cases/{case['id']}/customer", json=body, headers=if_match(case))
        assert response.status_code == 200, response.text
        event = await probe.wait_for("case.updated.v1", subject=case["id"])
    changed = response.json()
    assert response.headers["etag"] == '"2"'
    customer = changed["customer"]
    assert customer["first_name"] == "Anna"
    assert customer["organisation_number"] == "556012-5790"
    assert customer["postcode"] == "123 45"
    assert customer["personal_number"] == PNR
    assert (customer["home_phone"], customer["mobile_phone"], customer["work_phone"]) == (
        "+468123456",
        "+46701234567",
        "+4722123456",
    )
    assert changed["customer_display_name"] == "Anna Svensson"
    assert (await api.get(f"/api/cases/{case['id']}")).json()["customer"] == customer

    assert event.actor == "u-bengt"
    assert event.data["case"]["customer_display_name"] == "Anna Svensson"
    assert event.data["case"]["version"] == 2
    (change,) = event.data["changes"]
    assert change["field"] == "customer"
    assert change["old"] is None
    assert change["new"].startswith("Anna Svensson (ändrat: förnamn, efternamn, företag")
    assert PNR not in json.dumps(event.data)


async def test_changes_need_the_version_read(api: httpx.AsyncClient, new_case: NewCase) -> None:
    case = await new_case(title="Fråga")
    url = f"/api/cases/{case['id']}/customer"
    assert (await api.put(url, json={"first_name": "Anna"})).status_code == 428
    assert (await api.delete(url)).status_code == 428
    changed = await with_customer(api, case, first_name="Anna")
    stale = await api.put(url, json={"first_name": "Berit"}, headers=if_match(case))
    assert stale.status_code == 412
    assert (await api.delete(url, headers=if_match(case))).status_code == 412
    assert (await api.get(f"/api/cases/{case['id']}")).json()["customer"] == changed["customer"]
    missing = await api.put("/api/cases/no-such-case/customer", json={}, headers={"If-Match": '"1"'})
    assert missing.status_code == 404


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"personal_number": "19810230-1234"}, "personal_number"),  # 30 February
        ({"personal_number": "19811218-9875"}, "personal_number"),  # wrong check digit
        ({"personal_number": "1981121"}, "personal_number"),
        ({"organisation_number": "556012-5791"}, "organisation_number"),
        ({"postcode": "1234"}, "postcode"),
        ({"mobile_phone": "ring efter lunch"}, "mobile_phone"),
        ({"home_phone": "12"}, "home_phone"),
        ({"email": "anna.example.se"}, "email"),
        ({"block": "1:2"}, "block"),
        ({"type": "kommun"}, "type"),
        ({"shoe_size": 42}, "shoe_size"),
        ({"first_name": "x" * 101}, "first_name"),
        ({"anonymous": True, "email": "anna@example.se"}, "anonymous"),
    ],
)
async def test_bad_customer_data_names_the_field_and_changes_nothing(
    api: httpx.AsyncClient, new_case: NewCase, body: dict[str, Any], field: str
) -> None:
    case = await with_customer(api, await new_case(title="Fråga"), first_name="Orörd")
    response = await api.put(f"/api/cases/{case['id']}/customer", json=body, headers=if_match(case))
    assert response.status_code == 422, response.text
    assert field in problem_fields(response)
    assert "9875" not in response.json()["detail"]
    after = (await api.get(f"/api/cases/{case['id']}")).json()
    assert (after["customer"], after["version"]) == (case["customer"], case["version"])


async def test_anonymous_clears_and_locks_the_tab_until_turned_off(api: httpx.AsyncClient, new_case: NewCase) -> None:
    case = await with_customer(api, await new_case(title="Fråga"), first_name="Anna", email="anna@example.se")
    url = f"/api/cases/{case['id']}/customer"
    anonymous = await with_customer(api, case, anonymous=True)
    assert anonymous["customer_display_name"] == "Anonym"
    assert anonymous["customer"]["first_name"] is None
    assert anonymous["customer"]["email"] is None

    locked = await api.put(url, json={"first_name": "Berit"}, headers=if_match(anonymous))
    assert locked.status_code == 409
    assert problem_fields(locked) == {"anonymous"}
    assert (await api.delete(url, headers=if_match(anonymous))).status_code == 409
    again = await api.put(url, json={"anonymous": True}, headers=if_match(anonymous))
    assert again.json()["version"] == anonymous["version"]  # nothing changed

    unlocked = await with_customer(api, anonymous, anonymous=False)
    assert unlocked["customer_display_name"] is None
    filled = await with_customer(api, unlocked, first_name="Berit")
    assert filled["customer_display_name"] == "Berit"


async def test_clear_all_fields(api: httpx.AsyncClient, new_case: NewCase, rabbitmq_url: str) -> None:
    case = await with_customer(api, await new_case(title="Fråga"), company="Exempel AB", mobile_phone="0701234567")
    assert case["customer_display_name"] == "Exempel AB"
    async with EventProbe(rabbitmq_url, ["case.updated.v1"]) as probe:
        cleared = await api.delete(f"/api/cases/{case['id']}/customer", headers=if_match(case))
        assert cleared.status_code == 200
        event = await updated_to(probe, case["id"], case["version"] + 1)
    assert cleared.headers["etag"] == f'"{case["version"] + 1}"'
    assert all(v is None for k, v in cleared.json()["customer"].items() if k != "anonymous")
    assert [(c["field"], c["old"], c.get("new")) for c in event.data["changes"]] == [("customer", "Exempel AB", None)]
    assert event.data["case"].get("customer_display_name") is None


# --- the customer register (CASE-10) -------------------------------------------------------------


async def register_search(api: httpx.AsyncClient, **criteria: Any) -> list[dict[str, Any]]:
    response = await api.post("/api/cases/customers/search", json=criteria)
    assert response.status_code == 200, response.text
    hits: list[dict[str, Any]] = response.json()
    return hits


async def registered_as(
    api: httpx.AsyncClient, expected: Callable[[list[dict[str, Any]]], bool], **criteria: Any
) -> list[dict[str, Any]]:
    """The register search once the projection of the case events shows what is expected."""

    async def found() -> list[dict[str, Any]] | None:
        hits = await register_search(api, **criteria)
        return hits if expected(hits) else None

    return await eventually(found, what=f"register search by {sorted(criteria)}")


def register_of(api: httpx.AsyncClient) -> CustomerRegister:
    register: CustomerRegister = api.app.state.context.customers  # type: ignore[attr-defined]
    return register


async def test_the_register_is_fed_by_every_case_and_searched_by_the_fields_entered(
    api: httpx.AsyncClient, new_inbox: NewInbox, new_case: NewCase
) -> None:
    inbox_id = await new_inbox()
    await with_customer(
        api, await new_case(inbox_id, "Fråga"), first_name="Anna", last_name="Svensson", email="Anna@Example.se"
    )
    await registered_as(api, lambda hits: len(hits) == 1, email="anna@example.se")
    # A later case adds the personal number: the entry known by e-mail moves to it and keeps the rest.
    await with_customer(
        api,
        await new_case(inbox_id, "Fråga"),
        first_name="Anna",
        email="anna@example.se",
        personal_number="811218-9876",
        mobile_phone="070-123 45 67",
    )
    await registered_as(api, lambda hits: hits[0]["customer"]["personal_number"] == PNR, email="anna@example.se")
    await with_customer(
        api, await new_case(inbox_id, "Fråga"), first_name="Anna", last_name="Berg", email="berg@example.se"
    )
    await with_customer(
        api, await new_case(inbox_id, "Fråga"), company="Annas Blommor AB", organisation_number="5560125790"
    )
    # No key: not kept.
    await with_customer(api, await new_case(inbox_id, "Fråga"), first_name="Utan", last_name="Nyckel")
    await with_customer(api, await new_case(inbox_id, "Fråga"), anonymous=True)
    await registered_as(api, lambda hits: len(hits) == 3, name="ann")

    by_email = await register_search(api, email="ANNA@example.se")
    assert len(by_email) == 1
    anna = by_email[0]
    assert anna["matched_on"] == ["email"]
    assert anna["display_name"] == "Anna Svensson"
    assert anna["customer"]["personal_number"] == PNR
    assert anna["customer"]["mobile_phone"] == "+46701234567"

    assert [hit["id"] for hit in await register_search(api, personal_number="19811218-9876")] == [anna["id"]]
    assert [hit["id"] for hit in await register_search(api, phone="+46 70 123 45 67")] == [anna["id"]]
    by_company = await register_search(api, company="blommor")
    assert [hit["customer"]["organisation_number"] for hit in by_company] == ["556012-5790"]
    # The GET search still takes the fields that are no personal identity number.
    by_get = await api.get("/api/cases/customers", params={"phone": "+46 70 123 45 67", "limit": 5})
    assert [hit["id"] for hit in by_get.json()] == [anna["id"]]

    # Several fields: the e-mail hit first, then the part matches on the name.
    both = await register_search(api, email="berg@example.se", name="ann")
    assert [hit["display_name"] for hit in both] == ["Anna Berg", "Anna Svensson", "Annas Blommor AB"]
    assert [hit["matched_on"] for hit in both] == [["email", "name"], ["name"], ["name"]]
    assert len(await register_search(api, name="ann", limit=1)) == 1
    assert await register_search(api, name="nyckel") == []


async def test_a_register_search_needs_a_field_and_valid_numbers(api: httpx.AsyncClient) -> None:
    url = "/api/cases/customers/search"
    nothing = await api.post(url, json={"email": " "})
    assert nothing.status_code == 422
    assert problem_fields(nothing) == {"query"}
    bad_number = await api.post(url, json={"personal_number": "19810230-1234"})
    assert bad_number.status_code == 422
    assert problem_fields(bad_number) == {"personal_number"}
    bad_phone = await api.post(url, json={"phone": "abc"})
    assert problem_fields(bad_phone) == {"phone"}
    unknown = await api.post(url, json={"personnummer": PNR})
    assert unknown.status_code == 422
    assert problem_fields(unknown) == {"personnummer"}
    assert PNR not in unknown.text
    too_many = await api.post(url, json={"email": "a@example.se", "limit": 201})
    assert problem_fields(too_many) == {"limit"}
    assert (await api.get("/api/cases/customers", params={"name": " "})).status_code == 422


async def test_a_personal_number_in_the_url_is_refused_naming_the_post_search(
    api: httpx.AsyncClient, new_case: NewCase
) -> None:
    refused = await api.get("/api/cases/customers", params={"personal_number": PNR, "name": "Anna"})
    assert refused.status_code == 422
    assert problem_fields(refused) == {"personal_number"}
    assert "POST /api/cases/customers/search" in refused.json()["detail"]
    assert "Personnummer" in refused.json()["detail"]
    assert PNR not in refused.text

    case = await with_customer(api, await new_case(title="Fråga"), first_name="Anna", personal_number=PNR)
    url = f"/api/cases/{case['id']}/other-cases"
    blank = await api.get(url, params={"personal_number": ""})  # even empty: the client still builds such URLs
    assert blank.status_code == 422
    assert problem_fields(blank) == {"personal_number"}
    assert f"POST /api/cases/{case['id']}/other-cases/search" in blank.json()["detail"]
    assert PNR not in blank.text

    schema = (await api.get("/api/cases/openapi.json")).json()
    for path in ("/api/cases/customers", "/api/cases/{case_id}/other-cases"):
        names = {p["name"] for p in schema["paths"][path]["get"]["parameters"]}
        assert "personal_number" not in names
    assert "post" in schema["paths"]["/api/cases/customers/search"]
    assert "post" in schema["paths"]["/api/cases/{case_id}/other-cases/search"]


async def test_pick_a_customer_from_the_register(
    api: httpx.AsyncClient, new_inbox: NewInbox, new_case: NewCase
) -> None:
    inbox_id = await new_inbox()
    await with_customer(
        api,
        await new_case(inbox_id, "Fråga"),
        first_name="Anna",
        personal_number=PNR,
        street="Storgatan 1",
        city="Exempelby",
    )
    (hit,) = await registered_as(api, lambda hits: len(hits) == 1, personal_number=PNR)
    case = await new_case(inbox_id, "Fråga")
    url = f"/api/cases/{case['id']}/customer/from-register/{hit['id']}"
    assert (await api.post(url)).status_code == 428
    copied = await api.post(url, headers=if_match(case))
    assert copied.status_code == 200, copied.text
    assert copied.json()["customer"] == hit["customer"]
    assert copied.json()["customer_display_name"] == "Anna"
    assert (await api.post(url, headers=if_match(case))).status_code == 412
    unknown = await api.post(f"/api/cases/{case['id']}/customer/from-register/nobody", headers=if_match(copied.json()))
    assert unknown.status_code == 404

    anonymous = await with_customer(api, await new_case(inbox_id, "Fråga"), anonymous=True)
    refused = await api.post(
        f"/api/cases/{anonymous['id']}/customer/from-register/{hit['id']}", headers=if_match(anonymous)
    )
    assert refused.status_code == 409


# --- the register as a projection of the case events (CASE-10) -----------------------------------


async def test_the_register_is_fed_from_the_case_events_and_never_by_an_older_one(
    api: httpx.AsyncClient, new_inbox: NewInbox, new_case: NewCase, rabbitmq_url: str
) -> None:
    inbox_id = await new_inbox()
    cases = api.app.state.context.cases  # type: ignore[attr-defined]
    register = register_of(api)
    first, second = await new_case(inbox_id, "Först"), await new_case(inbox_id, "Sedan")

    def mobile(number: str) -> Callable[[list[dict[str, Any]]], bool]:
        return lambda hits: len(hits) == 1 and hits[0]["customer"]["mobile_phone"] == number

    async with EventProbe(rabbitmq_url, ["case.updated.v1"]) as probe:
        first = await with_customer(api, first, first_name="Anna", email="anna@example.se", mobile_phone="0701111111")
        old_event = await updated_to(probe, first["id"], first["version"])
        (hit,) = await registered_as(api, mobile("+46701111111"), email="anna@example.se")
        entry = await register.get(hit["id"])
        assert entry is not None
        assert entry.sources["mobile_phone"].case_id == first["id"]
        assert entry.sources["mobile_phone"].case_version == first["version"]

        # Another case gives a newer mobile number: it wins.
        second = await with_customer(api, second, email="anna@example.se", mobile_phone="0702222222")
        newer_event = await updated_to(probe, second["id"], second["version"])
        await registered_as(api, mobile("+46702222222"), email="anna@example.se")
        newer = await register.get(hit["id"])
        assert newer is not None

        # The first case's event again (redelivered, or late): nothing newer, nothing written.
        fed = await feed_customer_register(cases=cases, customers=register, event=old_event)
        assert fed is not None
        assert (fed.version, fed.customer.mobile_phone) == (newer.version, "+46702222222")
        again = await feed_customer_register(cases=cases, customers=register, event=newer_event)
        assert again is not None
        assert again.version == newer.version
        assert (await register.get(hit["id"])) == newer

        # A register write lost after the case write (a crash): the event, delivered again, restores it.
        await register.collection.delete_many({})
        restored = await feed_customer_register(cases=cases, customers=register, event=newer_event)
        assert restored is not None
        assert restored.customer.mobile_phone == "+46702222222"
        assert (await register_search(api, email="anna@example.se"))[0]["customer"]["mobile_phone"] == "+46702222222"

        # The first case changes again, later: now it wins.
        await with_customer(api, first, first_name="Anna", email="anna@example.se", mobile_phone="0703333333")
        await registered_as(api, mobile("+46703333333"), email="anna@example.se")

    # Not a customer change: the register is not even read.
    title_change = old_event.model_copy(
        update={"data": {**old_event.data, "changes": [{"field": "title", "old": "Först", "new": "Nu"}]}}
    )
    assert await feed_customer_register(cases=cases, customers=register, event=title_change) is None


async def test_a_case_registered_with_a_customer_feeds_the_register(api: httpx.AsyncClient, new_case: NewCase) -> None:
    context = api.app.state.context  # type: ignore[attr-defined]
    case = await with_customer(
        api, await new_case(title="Fråga"), company="Exempel AB", organisation_number="5560125790"
    )
    stored = await context.cases.get(case["id"])
    created = context.events(CaseCreatedV1(case=stored.summary()), actor="u-bengt")
    fed = await feed_customer_register(cases=context.cases, customers=register_of(api), event=created)
    assert fed is not None
    assert (fed.key, fed.customer.company) == ("org:556012-5790", "Exempel AB")


async def test_anonymous_cleared_and_confidential_customers_do_not_feed_the_register(
    api: httpx.AsyncClient,
    new_inbox: NewInbox,
    new_case: NewCase,
    new_user: NewUser,
    as_user: AsUser,
    mark_confidential: Callable[..., Awaitable[dict[str, Any]]],
    rabbitmq_url: str,
) -> None:
    inbox_id = await new_inbox()
    cases = api.app.state.context.cases  # type: ignore[attr-defined]
    register = register_of(api)
    sara = as_user("u-sara", "Sara")
    await new_user("u-sara", "Sara", inbox_id, confidential_inbox_ids=(inbox_id,))
    async with EventProbe(rabbitmq_url, ["case.updated.v1"]) as probe:
        anonymous = await with_customer(api, await new_case(inbox_id, "Anonym"), anonymous=True)
        event = await updated_to(probe, anonymous["id"], anonymous["version"])
        assert await feed_customer_register(cases=cases, customers=register, event=event) is None
        assert await register.collection.count_documents({}) == 0

        # Cleared: the entry the customer fed stays as it was; the cleared tab feeds nothing.
        kept = await with_customer(api, await new_case(inbox_id, "Rensad"), first_name="Kim", email="kim@example.se")
        (hit,) = await registered_as(api, lambda hits: len(hits) == 1, email="kim@example.se")
        cleared = await api.delete(f"/api/cases/{kept['id']}/customer", headers=if_match(kept))
        assert cleared.status_code == 200
        event = await updated_to(probe, kept["id"], cleared.json()["version"])
        before = await register.get(hit["id"])
        assert await feed_customer_register(cases=cases, customers=register, event=event) is None
        assert await register.get(hit["id"]) == before

        # Confidential: its customer is not found through the register, until it is no longer confidential.
        secret = await mark_confidential(await new_case(inbox_id, "Sekretess"), **sara)
        response = await api.put(
            f"/api/cases/{secret['id']}/customer",
            json={"first_name": "Hemlig", "email": "hemlig@example.se"},
            headers={**sara, **if_match(secret)},
        )
        assert response.status_code == 200, response.text
        event = await updated_to(probe, secret["id"], response.json()["version"])
        assert await feed_customer_register(cases=cases, customers=register, event=event) is None
        assert await register_search(api, email="hemlig@example.se") == []
        opened = await api.put(
            f"/api/cases/{secret['id']}/confidentiality",
            json={"confidential": False},
            headers={**sara, **if_match(response.json())},
        )
        assert opened.status_code == 200, opened.text
    (found,) = await registered_as(api, lambda hits: len(hits) == 1, email="hemlig@example.se")
    assert found["display_name"] == "Hemlig"
    assert await register.collection.count_documents({}) == 2  # Kim and Hemlig; never the anonymous one


# --- the property register and tab (CASE-11) -----------------------------------------------------

PROPERTIES_CSV = """designation,trakt,block,enhet,address,postcode,city
Exempelby Trakten 1:23,Trakten,1,23,Storgatan 1,12345,Exempelby
Exempelby Trakten 1:24,Trakten,1,24,Storgatan 3,12345,Exempelby
Exempelby Kvarnen 7,Kvarnen,*,7,Kvarngatan 3,123 46,Exempelby
Exempelby Ängen S:4,Ängen,S,4,,,
"""


async def import_csv(api: httpx.AsyncClient, admin: dict[str, str], text: str) -> httpx.Response:
    return await api.post(
        "/api/cases/properties/import",
        content=text.encode(),
        headers={**admin, "Content-Type": "text/csv; charset=utf-8"},
    )


async def test_an_admin_imports_the_property_register_all_or_nothing(api: httpx.AsyncClient, as_user: AsUser) -> None:
    admin = as_user("u-admin", "u-admin", "admin")
    assert (await import_csv(api, {}, PROPERTIES_CSV)).status_code == 403  # an officer may not
    wrong_type = await api.post(
        "/api/cases/properties/import", content=b"{}", headers={**admin, "Content-Type": "application/json"}
    )
    assert wrong_type.status_code == 415

    imported = await import_csv(api, admin, PROPERTIES_CSV)
    assert imported.status_code == 200, imported.text
    assert (imported.json()["imported"], imported.json()["replaced"]) == (4, 0)

    found = (await api.get("/api/cases/properties", params={"q": "storgatan"})).json()
    assert [p["designation"] for p in found] == ["Exempelby Trakten 1:23", "Exempelby Trakten 1:24"]
    assert found[0]["postcode"] == "123 45"
    assert [p["designation"] for p in (await api.get("/api/cases/properties", params={"q": "angen s:4"})).json()] == [
        "Exempelby Ängen S:4"
    ]
    assert len((await api.get("/api/cases/properties", params={"q": "12346"})).json()) == 1
    short = await api.get("/api/cases/properties", params={"q": "x"})
    assert short.status_code == 422
    assert problem_fields(short) == {"q"}

    bad = (
        PROPERTIES_CSV.replace("Storgatan 3,12345", "Storgatan 3,1234")  # line 3
        + "Exempelby Backen 2:1,Trakten,2,1,,,\n"  # line 6: the designation is not trakt, block, enhet
        + "Exempelby Nya 9:9,Nya,9,9,,,\n"  # line 7: good, yet not imported
    )
    rejected = await import_csv(api, admin, bad)
    assert rejected.status_code == 422
    problem = rejected.json()
    assert [(e["line"], e.get("field")) for e in problem["errors"]] == [(3, "postcode"), (6, "designation")]
    assert problem["error_count"] == 2
    assert "ingenting importerades" in problem["detail"]
    # Nothing of the bad file was imported: the register is as before.
    assert (await api.get("/api/cases/properties", params={"q": "nya"})).json() == []
    assert len((await api.get("/api/cases/properties", params={"q": "exempelby"})).json()) == 4

    replacement = (
        "designation;trakt;block;enhet;address;postcode;city\nExempelby Nya 9:9;Nya;9;9;Nygatan 9;12349;Exempelby\n"
    )
    replaced = await import_csv(api, admin, replacement)
    assert (replaced.json()["imported"], replaced.json()["replaced"]) == (1, 4)
    assert [p["designation"] for p in (await api.get("/api/cases/properties", params={"q": "exempelby"})).json()] == [
        "Exempelby Nya 9:9"
    ]


async def test_link_a_property_to_the_case(
    api: httpx.AsyncClient, new_case: NewCase, as_user: AsUser, rabbitmq_url: str
) -> None:
    admin = as_user("u-admin", "u-admin", "admin")
    assert (await import_csv(api, admin, PROPERTIES_CSV)).status_code == 200
    chosen = (await api.get("/api/cases/properties", params={"q": "Trakten 1:23"})).json()[0]
    case = await new_case(title="Fråga")
    url = f"/api/cases/{case['id']}/property"
    assert (await api.put(url, json={"property_id": chosen["property_id"]})).status_code == 428
    unknown = await api.put(url, json={"property_id": "no-such-property"}, headers=if_match(case))
    assert unknown.status_code == 422
    assert problem_fields(unknown) == {"property_id"}

    async with EventProbe(rabbitmq_url, ["case.updated.v1"]) as probe:
        linked = await api.put(url, json={"property_id": chosen["property_id"]}, headers=if_match(case))
        assert linked.status_code == 200, linked.text
        event = await probe.wait_for("case.updated.v1", subject=case["id"])
    assert linked.json()["linked_property"] == chosen
    assert [(c["field"], c.get("old"), c["new"]) for c in event.data["changes"]] == [
        ("property", None, "Exempelby Trakten 1:23")
    ]
    # A new import replaces the register; the case keeps what was chosen.
    await import_csv(api, admin, PROPERTIES_CSV.replace("Storgatan 1,", "Storgatan 1A,"))
    assert (await api.get(f"/api/cases/{case['id']}")).json()["linked_property"]["address"] == "Storgatan 1"

    assert (await api.delete(url, headers=if_match(case))).status_code == 412
    unlinked = await api.delete(url, headers=if_match(linked.json()))
    assert unlinked.status_code == 200
    assert unlinked.json()["linked_property"] is None
    assert unlinked.headers["etag"] == f'"{linked.json()["version"] + 1}"'


# --- other cases of the customer (CASE-12) -------------------------------------------------------


async def make_confidential(api: httpx.AsyncClient, case_id: str) -> None:
    """Mark a case confidential straight in the store: how it gets so is CASE-07's business."""
    cases = api.app.state.context.cases  # type: ignore[attr-defined]
    stored = await cases.get(case_id)
    await cases.store(stored.model_copy(update={"confidential": True, "version": stored.version + 1}))


async def test_other_cases_of_the_customer_newest_first_without_unreadable_confidential_ones(
    api: httpx.AsyncClient, new_inbox: NewInbox, new_case: NewCase, new_user: NewUser, as_user: AsUser
) -> None:
    inbox_id = await new_inbox()
    anna = {"first_name": "Anna", "last_name": "Svensson"}
    current = await with_customer(api, await new_case(inbox_id, "Nu"), **anna, email="anna@example.se")
    by_email = await with_customer(api, await new_case(inbox_id, "E-post"), email="ANNA@example.se")
    by_other_email = await with_customer(
        api, await new_case(inbox_id, "Annan e-post"), first_name="A", other_email="anna@example.se"
    )
    by_number = await with_customer(api, await new_case(inbox_id, "Personnummer"), personal_number=PNR)
    by_name = await with_customer(api, await new_case(inbox_id, "Namn"), **anna)
    secret = await with_customer(api, await new_case(inbox_id, "Sekretess"), email="anna@example.se")
    await make_confidential(api, secret["id"])
    await with_customer(api, await new_case(inbox_id, "Någon annan"), first_name="Berit", email="berit@example.se")
    await with_customer(api, await new_case(inbox_id, "Anonym"), anonymous=True)

    url = f"/api/cases/{current['id']}/other-cases"
    prefilled = (await api.get(url)).json()
    assert (prefilled["email"], prefilled["personal_number"], prefilled["name"]) == (
        "anna@example.se",
        None,
        "Anna Svensson",
    )
    # Newest first, without the case itself and without the confidential case Bengt may not read.
    assert [c["title"] for c in prefilled["items"]] == ["Namn", "Annan e-post", "E-post"]
    assert prefilled["total"] == 3
    assert prefilled["items"][0]["customer_display_name"] == "Anna Svensson"

    edited = (await api.post(f"{url}/search", json={"personal_number": "19811218-9876"})).json()
    assert [c["id"] for c in edited["items"]] == [by_number["id"]]
    assert edited["personal_number"] == PNR
    assert edited["email"] is None
    by_part = (await api.get(url, params={"name": "svensson ann"})).json()
    assert [c["title"] for c in by_part["items"]] == ["Namn"]
    assert (await api.post(f"{url}/search", json={"name": "svensson ann"})).json() == by_part
    assert (await api.post(f"{url}/search", json={})).json() == prefilled

    page = (await api.get(url, params={"page": 2, "page_size": 2})).json()
    assert ([c["id"] for c in page["items"]], page["total"], page["page"]) == ([by_email["id"]], 3, 2)
    assert (await api.post(f"{url}/search", json={"page": 2, "page_size": 2})).json() == page
    assert by_other_email["id"] in {c["id"] for c in prefilled["items"]}
    assert by_name["id"] in {c["id"] for c in prefilled["items"]}

    bad = await api.post(f"{url}/search", json={"personal_number": "19810230-1234"})
    assert bad.status_code == 422
    assert problem_fields(bad) == {"personal_number"}
    unknown = await api.post(f"{url}/search", json={"email": "anna@example.se", "page_size": 2, "sort": "old"})
    assert problem_fields(unknown) == {"sort"}

    # Sara may read confidential cases in the inbox: she sees it.
    sara = as_user("u-sara", "u-sara")
    await new_user("u-sara", "u-sara", inbox_id, username="u-sara", confidential_inbox_ids=(inbox_id,))

    async def sara_sees_it() -> list[str] | None:
        titles = [c["title"] for c in (await api.get(url, headers=sara)).json()["items"]]
        return titles if "Sekretess" in titles else None

    assert await eventually(sara_sees_it, what="the confidential case for Sara") == [
        "Sekretess",
        "Namn",
        "Annan e-post",
        "E-post",
    ]
    # Bengt cannot look from the confidential case either.
    assert (await api.get(f"/api/cases/{secret['id']}/other-cases")).status_code == 404
    assert (await api.post(f"/api/cases/{secret['id']}/other-cases/search", json={})).status_code == 404


async def test_a_case_without_customer_has_no_other_cases(api: httpx.AsyncClient, new_case: NewCase) -> None:
    case = await new_case(title="Fråga")
    empty = (await api.get(f"/api/cases/{case['id']}/other-cases")).json()
    assert (empty["items"], empty["total"]) == ([], 0)
    anonymous = await with_customer(api, case, anonymous=True)
    assert (await api.get(f"/api/cases/{anonymous['id']}/other-cases")).json()["items"] == []
