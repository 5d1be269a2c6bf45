"""The relations tab (CASE-13), relating from the inbox (CASE-14) and link relations, over the
in-process API with a real MongoDB-wire server and RabbitMQ."""

import uuid
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from arendo_contracts.events.inbox import DiaryPlanEntry, InboxCreatedV1, UserCreatedV1, UserSnapshot
from arendo_contracts.events.registers import ConfidentialityParagraphChangedV1, ConfidentialityParagraphSnapshot
from arendo_contracts.vocabulary import Role
from arendo_kit.devauth import DevIssuer
from arendo_kit.testing.apps import running_app
from arendo_kit.testing.events import EventProbe, publish_event
from arendo_kit.testing.factories import inbox_snapshot
from arendo_kit.testing.polling import eventually
from case_service.main import create_app
from case_service.settings import Settings

pytestmark = pytest.mark.integration

PLAN = (
    DiaryPlanEntry(case_type="Gator och trafik", categories=("Gatubelysning",)),
    DiaryPlanEntry(case_type="Parkering"),
)


@pytest.fixture
def app(settings: Settings) -> FastAPI:
    return create_app(settings)


@pytest.fixture
async def api(app: FastAPI, officer_token: str) -> AsyncIterator[httpx.AsyncClient]:
    async with running_app(app, token=officer_token) as client:
        client.app = app  # type: ignore[attr-defined]
        yield client


def if_match(case: dict[str, Any]) -> dict[str, str]:
    return {"If-Match": f'"{case["version"]}"'}


def fields_of(response: httpx.Response) -> set[str]:
    return {e["field"] for e in response.json().get("errors", [])}


async def an_inbox(api: httpx.AsyncClient, rabbitmq_url: str, **changes: Any) -> str:
    inbox_id = f"inkorg-{uuid.uuid4().hex[:8]}"
    snapshot = inbox_snapshot(inbox_id=inbox_id, name=f"Kundtjänst {inbox_id[-4:]}", **changes)
    await publish_event(rabbitmq_url, InboxCreatedV1(inbox=snapshot), source="inbox-service")

    async def replicated() -> bool:
        return (await api.post("/api/cases", json={"inbox_id": inbox_id, "title": "Prov"})).status_code == 201

    await eventually(replicated, what=f"inbox {inbox_id} replicated")
    return inbox_id


async def a_case(api: httpx.AsyncClient, inbox_id: str, title: str, **fields: Any) -> dict[str, Any]:
    response = await api.post("/api/cases", json={"inbox_id": inbox_id, "title": title, **fields})
    assert response.status_code == 201, response.text
    case: dict[str, Any] = response.json()
    return case


async def current(api: httpx.AsyncClient, case: dict[str, Any]) -> dict[str, Any]:
    read: dict[str, Any] = (await api.get(f"/api/cases/{case['id']}")).json()
    return read


async def known_users(api: httpx.AsyncClient, rabbitmq_url: str, *users: UserSnapshot) -> None:
    for user in users:
        await publish_event(rabbitmq_url, UserCreatedV1(user=user), source="inbox-service")
    replicas = api.app.state.context.registers  # type: ignore[attr-defined]

    async def replicated() -> bool:
        return all([await replicas.users.get(user.user_id) is not None for user in users])

    await eventually(replicated, what="users replicated")


def a_user(user_id: str, name: str, inbox_id: str, **changes: Any) -> UserSnapshot:
    fields: dict[str, Any] = dict(
        user_id=user_id, username=user_id[2:], name=name, roles=(Role.OFFICER,), inbox_ids=(inbox_id,), version=1
    )
    return UserSnapshot.model_validate({**fields, **changes})


# --- the relations tab (CASE-13) ------------------------------------------------------------------


async def test_sub_cases_are_related_listed_filtered_and_shown_from_both_sides(
    api: httpx.AsyncClient, rabbitmq_url: str
) -> None:
    inbox_id = await an_inbox(api, rabbitmq_url)
    other_inbox = await an_inbox(api, rabbitmq_url)
    main = await a_case(api, inbox_id, "Trasig gatlykta på Storgatan")
    first = await a_case(api, inbox_id, "Gatlykta släckt", description="Lampan vid busshållplatsen")
    second = await a_case(api, other_inbox, "Mörkt på Storgatan")
    url = f"/api/cases/{main['id']}/relations"
    body = {"sub_case_ids": [first["id"], second["id"]], "description": "Samma lykta"}

    assert (await api.post(url, json=body)).status_code == 428
    async with EventProbe(rabbitmq_url, ["case.updated.v1"]) as probe:
        related = await api.post(url, json=body, headers=if_match(main))
        assert related.status_code == 200, related.text
        await probe.wait_for("case.updated.v1", subject=second["id"])
        await probe.wait_for("case.updated.v1", subject=main["id"])
    tab = related.json()
    assert related.headers["etag"] == f'"{main["version"] + 1}"'  # one write for both sub-cases
    assert tab["has_relations"] is True
    assert [(r["number"], r["role"], r["relation_description"]) for r in tab["related"]] == [
        (first["number"], "sub", "Samma lykta"),
        (second["number"], "sub", "Samma lykta"),
    ]
    assert tab["related"][1]["inbox_name"].startswith("Kundtjänst")
    assert tab["related"][0]["status_label"] == "Ny"
    assert tab["related"][0]["documents_url"] == f"/api/cases/{first['id']}/documents"
    changes = {(e.subject, c["field"], c["new"]) for e in probe.of_type("case.updated.v1") for c in e.data["changes"]}
    assert (main["id"], "sub_case", first["number"]) in changes
    assert (first["id"], "main_case", main["number"]) in changes

    card = await current(api, main)
    assert card["has_relations"] is True
    assert [s["case_id"] for s in card["sub_cases"]] == [first["id"], second["id"]]
    from_below = (await api.get(f"/api/cases/{first['id']}/relations")).json()
    assert [(r["case_id"], r["role"]) for r in from_below["related"]] == [(main["id"], "main")]
    assert (await current(api, first))["main_case"]["case_id"] == main["id"]

    async def filtered(q: str) -> list[str]:
        return [r["number"] for r in (await api.get(url, params={"q": q})).json()["related"]]

    assert await filtered(first["number"]) == [first["number"]]
    assert await filtered("MÖRKT") == [second["number"]]
    assert await filtered("busshallplatsen") == [first["number"]]  # the case's description, åäö folded
    assert await filtered(other_inbox) == [second["number"]]
    assert await filtered("ny") == [first["number"], second["number"]]  # the status
    assert await filtered("finns inte") == []
    # Relating again changes nothing.
    again = await api.post(url, json=body, headers=if_match(card))
    assert again.status_code == 200
    assert again.headers["etag"] == f'"{card["version"]}"'


async def test_candidates_are_found_by_number_or_words_and_exclude_what_cannot_be_related(
    api: httpx.AsyncClient, rabbitmq_url: str
) -> None:
    inbox_id = await an_inbox(api, rabbitmq_url)
    word = f"vattenläcka{uuid.uuid4().hex[:6]}"
    top = await a_case(api, inbox_id, f"Huvud {word}")
    case = await a_case(api, inbox_id, f"Mitten {word}")
    sub = await a_case(api, inbox_id, f"Under {word}")
    free = await a_case(api, inbox_id, f"Fri {word}")
    await api.post(f"/api/cases/{top['id']}/relations", json={"sub_case_ids": [case["id"]]}, headers=if_match(top))
    case = await current(api, case)
    await api.post(f"/api/cases/{case['id']}/relations", json={"sub_case_ids": [sub["id"]]}, headers=if_match(case))

    url = f"/api/cases/{case['id']}/relation-candidates"
    found = (await api.get(url, params={"q": word})).json()
    assert [c["case_id"] for c in found] == [free["id"]]  # not itself, its sub-case or its main case
    by_number = (await api.get(url, params={"q": free["number"]})).json()
    assert [(c["number"], c["title"], c["status"]) for c in by_number] == [(free["number"], free["title"], "new")]
    assert (await api.get(url)).status_code == 422
    assert (await api.get(url, params={"q": ""})).status_code == 422
    assert (await api.get("/api/cases/finns-inte/relation-candidates", params={"q": "x"})).status_code == 404


async def test_refused_relations_name_the_field_and_leave_every_case_as_it_was(
    api: httpx.AsyncClient, rabbitmq_url: str
) -> None:
    inbox_id = await an_inbox(api, rabbitmq_url)
    a = await a_case(api, inbox_id, "A")
    b = await a_case(api, inbox_id, "B")
    c = await a_case(api, inbox_id, "C")
    d = await a_case(api, inbox_id, "D")
    ok = await api.post(f"/api/cases/{a['id']}/relations", json={"sub_case_ids": [b["id"]]}, headers=if_match(a))
    assert ok.status_code == 200
    a, b = await current(api, a), await current(api, b)

    itself = await api.post(f"/api/cases/{c['id']}/relations", json={"sub_case_ids": [c["id"]]}, headers=if_match(c))
    assert (itself.status_code, fields_of(itself)) == (422, {"sub_case_ids"})
    cycle = await api.post(f"/api/cases/{b['id']}/relations", json={"sub_case_ids": [a["id"]]}, headers=if_match(b))
    assert (cycle.status_code, fields_of(cycle)) == (409, {"sub_case_ids"})
    assert "cirkel" in cycle.json()["detail"]
    # b already has a main case: relating it (with d, which could be related) changes neither.
    second_main = await api.post(
        f"/api/cases/{c['id']}/relations", json={"sub_case_ids": [d["id"], b["id"]]}, headers=if_match(c)
    )
    assert second_main.status_code == 409
    assert "redan underärende" in second_main.json()["detail"]
    assert (await current(api, d))["main_case"] is None
    assert (await current(api, c))["version"] == c["version"]
    unknown = await api.post(
        f"/api/cases/{c['id']}/relations", json={"sub_case_ids": ["finns-inte"]}, headers=if_match(c)
    )
    assert (unknown.status_code, fields_of(unknown)) == (422, {"sub_case_ids"})
    empty = await api.post(f"/api/cases/{c['id']}/relations", json={"sub_case_ids": []}, headers=if_match(c))
    assert (empty.status_code, fields_of(empty)) == (422, {"sub_case_ids"})
    too_long = {"sub_case_ids": [d["id"]], "description": "x" * 2001}
    assert fields_of(await api.post(f"/api/cases/{c['id']}/relations", json=too_long, headers=if_match(c))) == {
        "description"
    }
    stale = await api.post(
        f"/api/cases/{a['id']}/relations", json={"sub_case_ids": [d["id"]]}, headers={"If-Match": '"1"'}
    )
    assert stale.status_code == 412
    missing = await api.post("/api/cases/finns-inte/relations", json={"sub_case_ids": [d["id"]]}, headers=if_match(c))
    assert missing.status_code == 404
    assert (await current(api, b))["version"] == b["version"]
    assert (await current(api, a))["version"] == a["version"]


async def test_a_relation_is_removed_from_either_side(api: httpx.AsyncClient, rabbitmq_url: str) -> None:
    inbox_id = await an_inbox(api, rabbitmq_url)
    main = await a_case(api, inbox_id, "Huvud")
    first = await a_case(api, inbox_id, "Första")
    second = await a_case(api, inbox_id, "Andra")
    body = {"sub_case_ids": [first["id"], second["id"]]}
    main = (await api.post(f"/api/cases/{main['id']}/relations", json=body, headers=if_match(main))).json()

    url = f"/api/cases/{main['case_id']}/relations/{first['id']}"
    assert (await api.delete(url)).status_code == 428
    removed = await api.delete(url, headers={"If-Match": f'"{main["version"]}"'})
    assert removed.status_code == 200, removed.text
    assert [r["case_id"] for r in removed.json()["related"]] == [second["id"]]
    assert (await current(api, first))["main_case"] is None
    assert (await current(api, first))["has_relations"] is False
    assert (await api.delete(url, headers={"If-Match": removed.headers["etag"]})).status_code == 404

    second = await current(api, second)
    from_below = await api.delete(f"/api/cases/{second['id']}/relations/{main['case_id']}", headers=if_match(second))
    assert from_below.status_code == 200
    assert from_below.json()["has_relations"] is False
    card = (await api.get(f"/api/cases/{main['case_id']}")).json()
    assert (card["sub_cases"], card["has_relations"]) == ([], False)


async def test_a_confidential_related_case_is_hidden_from_those_who_may_not_read_it(
    api: httpx.AsyncClient, rabbitmq_url: str, dev_issuer: DevIssuer
) -> None:
    inbox_id = await an_inbox(api, rabbitmq_url)
    await known_users(
        api, rabbitmq_url, a_user("u-sara", "Sara Svensson", inbox_id, confidential_inbox_ids=(inbox_id,))
    )
    sara = {
        "Authorization": "Bearer " + dev_issuer.issue(sub="u-sara", username="sara", name="Sara", roles=["officer"])
    }
    paragraph = ConfidentialityParagraphSnapshot(
        paragraph_id="osl-26-1", code="OSL 26 kap. 1 §", title="Socialtjänst", version=1
    )
    await publish_event(rabbitmq_url, ConfidentialityParagraphChangedV1(paragraph=paragraph), source="inbox-service")
    main = await a_case(api, inbox_id, "Öppet")
    secret = await a_case(api, inbox_id, "Hemligt")
    main = (
        await api.post(
            f"/api/cases/{main['id']}/relations", json={"sub_case_ids": [secret["id"]]}, headers=if_match(main)
        )
    ).json()
    secret = await current(api, secret)

    async def marked() -> bool:
        body = {"confidential": True, "paragraph_id": "osl-26-1"}
        response = await api.put(
            f"/api/cases/{secret['id']}/confidentiality", json=body, headers={**sara, **if_match(secret)}
        )
        return response.status_code == 200

    await eventually(marked, what="paragraph replicated and the case marked")
    assert (await api.get(f"/api/cases/{main['case_id']}/relations")).json()["related"] == []
    shown = (await api.get(f"/api/cases/{main['case_id']}/relations", headers=sara)).json()["related"]
    assert [r["case_id"] for r in shown] == [secret["id"]]
    assert (await api.get(f"/api/cases/{secret['id']}/documents")).status_code == 404
    assert (await api.get(f"/api/cases/{secret['id']}/documents", headers=sara)).status_code == 200


# --- relating from the inbox (CASE-14) --------------------------------------------------------------


async def test_cases_selected_in_the_inbox_are_related_each_with_its_own_result(
    api: httpx.AsyncClient, rabbitmq_url: str, dev_issuer: DevIssuer
) -> None:
    inbox_id = await an_inbox(api, rabbitmq_url, diary_plan=PLAN)
    await known_users(api, rabbitmq_url, a_user("u-carl", "Carl Claesson", inbox_id))
    main = await a_case(api, inbox_id, "Gatlyktor")
    typed = await api.put(
        f"/api/cases/{main['id']}/case-types",
        json={"case_types": [{"case_type": "Gator och trafik", "category": "Gatubelysning"}]},
        headers=if_match(main),
    )
    assert typed.status_code == 200, typed.text
    mine = await a_case(api, inbox_id, "Lykta 1")
    parked = await a_case(api, inbox_id, "Lykta 2")
    parked = (
        await api.put(
            f"/api/cases/{parked['id']}/case-types",
            json={"case_types": [{"case_type": "Parkering"}]},
            headers=if_match(parked),
        )
    ).json()
    carls = await a_case(api, inbox_id, "Lykta 3")
    assigned = await api.put(
        f"/api/cases/{carls['id']}/officer", json={"officer_id": "u-carl"}, headers=if_match(carls)
    )
    assert assigned.status_code == 200, assigned.text

    body = {
        "main_case_id": main["id"],
        "sub_case_ids": [mine["id"], parked["id"], carls["id"], "finns-inte"],
        "sub_case_status": "in_progress",
        "message": "Samma gata",
        "inherit_case_types": True,
    }
    response = await api.post("/api/cases/relations", json=body)
    assert response.status_code == 200, response.text
    result = response.json()
    outcomes = {r["case_id"]: (r["related"], r["status"]) for r in result["results"]}
    assert outcomes == {
        mine["id"]: (True, 200),
        parked["id"]: (True, 200),
        carls["id"]: (False, 403),  # the officer rule: only Carl may change the status of his case
        "finns-inte": (False, 422),
    }
    for case in (mine, parked):
        related = await current(api, case)
        assert related["status"] == "in_progress"
        assert related["main_case"]["case_id"] == main["id"]
        assert related["main_case"]["description"] == "Samma gata"
        assert [t["case_type"] for t in related["case_types"]] == ["Gator och trafik"]  # replaced, not added
    untouched = await current(api, carls)
    assert (untouched["status"], untouched["main_case"], untouched["version"]) == (
        "new",
        None,
        assigned.json()["version"],
    )
    card = await current(api, main)
    assert [s["case_id"] for s in card["sub_cases"]] == [mine["id"], parked["id"]]
    assert result["main_case_version"] == card["version"]

    # Carl relates his own; without inheriting, his case keeps its (no) case types.
    carl = {
        "Authorization": "Bearer " + dev_issuer.issue(sub="u-carl", username="carl", name="Carl", roles=["officer"])
    }
    again = await api.post(
        "/api/cases/relations",
        json={"main_case_id": main["id"], "sub_case_ids": [carls["id"]], "sub_case_status": "waiting"},
        headers=carl,
    )
    assert [r["related"] for r in again.json()["results"]] == [True]
    assert (await current(api, carls))["status"] == "waiting"


async def test_relating_from_the_inbox_refuses_bad_requests_whole(api: httpx.AsyncClient, rabbitmq_url: str) -> None:
    inbox_id = await an_inbox(api, rabbitmq_url)
    main = await a_case(api, inbox_id, "Huvud")
    sub = await a_case(api, inbox_id, "Under")
    cases = [
        ({"main_case_id": main["id"], "sub_case_ids": []}, "sub_case_ids"),
        ({"main_case_id": main["id"], "sub_case_ids": [main["id"]]}, "sub_case_ids"),
        ({"main_case_id": "finns-inte", "sub_case_ids": [sub["id"]]}, "main_case_id"),
        ({"main_case_id": main["id"], "sub_case_ids": [sub["id"]], "sub_case_status": "paused"}, "sub_case_status"),
        ({"main_case_id": main["id"], "sub_case_ids": [sub["id"]], "message": "x" * 2001}, "message"),
        ({"sub_case_ids": [sub["id"]]}, "main_case_id"),
    ]
    for body, field in cases:
        response = await api.post("/api/cases/relations", json=body)
        assert response.status_code == 422, body
        assert field in fields_of(response), body
    assert (await current(api, sub))["version"] == sub["version"]


# --- link relations -----------------------------------------------------------------------------------


async def test_links_are_added_edited_filtered_and_removed(api: httpx.AsyncClient, rabbitmq_url: str) -> None:
    inbox_id = await an_inbox(api, rabbitmq_url)
    case = await a_case(api, inbox_id, "Med länkar")
    url = f"/api/cases/{case['id']}/links"
    link = {"url": "https://www.kommun.se/gator", "description": "Gatuinformation"}
    assert (await api.post(url, json=link)).status_code == 428
    for bad in ("ftp://kommun.se/fil", "javascript:alert(1)", "kommun.se", "https://"):
        refused = await api.post(url, json={"url": bad}, headers=if_match(case))
        assert (refused.status_code, fields_of(refused)) == (422, {"url"}), bad
    added = await api.post(url, json=link, headers=if_match(case))
    assert added.status_code == 201, added.text
    first = added.json()
    assert (first["url"], first["description"], first["added_by"]) == (link["url"], "Gatuinformation", "u-bengt")
    assert added.headers["location"] == f"{url}/{first['id']}"
    version = added.headers["etag"]
    second = await api.post(url, json={"url": "http://intranat.kommun.se/karta"}, headers={"If-Match": version})
    version = second.headers["etag"]
    assert (await current(api, case))["has_relations"] is True

    listed = (await api.get(url)).json()
    assert [x["url"] for x in listed["links"]] == [link["url"], "http://intranat.kommun.se/karta"]
    assert [x["url"] for x in (await api.get(url, params={"q": "gatuinfo"})).json()["links"]] == [link["url"]]
    assert [x["url"] for x in (await api.get(url, params={"q": "INTRANAT"})).json()["links"]] == [
        "http://intranat.kommun.se/karta"
    ]

    item = f"{url}/{first['id']}"
    edited = await api.patch(item, json={"url": "https://www.kommun.se/trafik"}, headers={"If-Match": version})
    assert edited.status_code == 200
    assert (edited.json()["url"], edited.json()["description"]) == ("https://www.kommun.se/trafik", "Gatuinformation")
    assert fields_of(await api.patch(item, json={"url": None}, headers={"If-Match": edited.headers["etag"]})) == {"url"}
    assert fields_of(
        await api.patch(item, json={"url": "mailto:a@b.se"}, headers={"If-Match": edited.headers["etag"]})
    ) == {"url"}
    assert (await api.patch(item, json={"description": "x"}, headers={"If-Match": version})).status_code == 412
    assert (
        await api.patch(f"{url}/finns-inte", json={"description": "x"}, headers={"If-Match": edited.headers["etag"]})
    ).status_code == 404
    removed = await api.delete(item, headers={"If-Match": edited.headers["etag"]})
    assert removed.status_code == 200
    assert [x["url"] for x in removed.json()["links"]] == ["http://intranat.kommun.se/karta"]
    assert (await api.delete(item, headers={"If-Match": removed.headers["etag"]})).status_code == 404
