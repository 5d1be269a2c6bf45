"""The relations tab (CASE-13), relating from the inbox (CASE-14) and link relations, over the
in-process API with a real MongoDB-wire server and RabbitMQ."""

import uuid
from collections.abc import Awaitable, Callable
from typing import Any

import httpx
import pytest

from arendo_contracts.events.inbox import DiaryPlanEntry
from arendo_kit.testing.events import EventProbe
from arendo_kit.testing.fixture_types import AsUser, NewCase, NewInbox, NewUser, ReadCase
from arendo_kit.testing.http import if_match, problem_fields

pytestmark = pytest.mark.integration

PLAN = (
    DiaryPlanEntry(case_type="Gator och trafik", categories=("Gatubelysning",)),
    DiaryPlanEntry(case_type="Parkering"),
)


# --- the relations tab (CASE-13) ------------------------------------------------------------------


async def test_sub_cases_are_related_listed_filtered_and_shown_from_both_sides(
    api: httpx.AsyncClient, new_inbox: NewInbox, new_case: NewCase, read_case: ReadCase, rabbitmq_url: str
) -> None:
    inbox_id = await new_inbox()
    other_inbox = await new_inbox()
    main = await new_case(inbox_id, "Trasig gatlykta på Storgatan")
    first = await new_case(inbox_id, "Gatlykta släckt", description="Lampan vid busshållplatsen")
    second = await new_case(other_inbox, "Mörkt på Storgatan")
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

    card = await read_case(main)
    assert card["has_relations"] is True
    assert [s["case_id"] for s in card["sub_cases"]] == [first["id"], second["id"]]
    from_below = (await api.get(f"/api/cases/{first['id']}/relations")).json()
    assert [(r["case_id"], r["role"]) for r in from_below["related"]] == [(main["id"], "main")]
    assert (await read_case(first))["main_case"]["case_id"] == main["id"]

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
    api: httpx.AsyncClient, new_inbox: NewInbox, new_case: NewCase, read_case: ReadCase
) -> None:
    inbox_id = await new_inbox()
    word = f"vattenläcka{uuid.uuid4().hex[:6]}"
    top = await new_case(inbox_id, f"Huvud {word}")
    case = await new_case(inbox_id, f"Mitten {word}")
    sub = await new_case(inbox_id, f"Under {word}")
    free = await new_case(inbox_id, f"Fri {word}")
    await api.post(f"/api/cases/{top['id']}/relations", json={"sub_case_ids": [case["id"]]}, headers=if_match(top))
    case = await read_case(case)
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
    api: httpx.AsyncClient, new_inbox: NewInbox, new_case: NewCase, read_case: ReadCase
) -> None:
    inbox_id = await new_inbox()
    a = await new_case(inbox_id, "A")
    b = await new_case(inbox_id, "B")
    c = await new_case(inbox_id, "C")
    d = await new_case(inbox_id, "D")
    ok = await api.post(f"/api/cases/{a['id']}/relations", json={"sub_case_ids": [b["id"]]}, headers=if_match(a))
    assert ok.status_code == 200
    a, b = await read_case(a), await read_case(b)

    itself = await api.post(f"/api/cases/{c['id']}/relations", json={"sub_case_ids": [c["id"]]}, headers=if_match(c))
    assert (itself.status_code, problem_fields(itself)) == (422, {"sub_case_ids"})
    cycle = await api.post(f"/api/cases/{b['id']}/relations", json={"sub_case_ids": [a["id"]]}, headers=if_match(b))
    assert (cycle.status_code, problem_fields(cycle)) == (409, {"sub_case_ids"})
    assert "cirkel" in cycle.json()["detail"]
    # b already has a main case: relating it (with d, which could be related) changes neither.
    second_main = await api.post(
        f"/api/cases/{c['id']}/relations", json={"sub_case_ids": [d["id"], b["id"]]}, headers=if_match(c)
    )
    assert second_main.status_code == 409
    assert "redan underärende" in second_main.json()["detail"]
    assert (await read_case(d))["main_case"] is None
    assert (await read_case(c))["version"] == c["version"]
    unknown = await api.post(
        f"/api/cases/{c['id']}/relations", json={"sub_case_ids": ["finns-inte"]}, headers=if_match(c)
    )
    assert (unknown.status_code, problem_fields(unknown)) == (422, {"sub_case_ids"})
    empty = await api.post(f"/api/cases/{c['id']}/relations", json={"sub_case_ids": []}, headers=if_match(c))
    assert (empty.status_code, problem_fields(empty)) == (422, {"sub_case_ids"})
    too_long = {"sub_case_ids": [d["id"]], "description": "x" * 2001}
    assert problem_fields(await api.post(f"/api/cases/{c['id']}/relations", json=too_long, headers=if_match(c))) == {
        "description"
    }
    stale = await api.post(
        f"/api/cases/{a['id']}/relations", json={"sub_case_ids": [d["id"]]}, headers={"If-Match": '"1"'}
    )
    assert stale.status_code == 412
    missing = await api.post("/api/cases/finns-inte/relations", json={"sub_case_ids": [d["id"]]}, headers=if_match(c))
    assert missing.status_code == 404
    assert (await read_case(b))["version"] == b["version"]
    assert (await read_case(a))["version"] == a["version"]


async def test_a_relation_is_removed_from_either_side(
    api: httpx.AsyncClient, new_inbox: NewInbox, new_case: NewCase, read_case: ReadCase
) -> None:
    inbox_id = await new_inbox()
    main = await new_case(inbox_id, "Huvud")
    first = await new_case(inbox_id, "Första")
    second = await new_case(inbox_id, "Andra")
    body = {"sub_case_ids": [first["id"], second["id"]]}
    main = (await api.post(f"/api/cases/{main['id']}/relations", json=body, headers=if_match(main))).json()

    url = f"/api/cases/{main['case_id']}/relations/{first['id']}"
    assert (await api.delete(url)).status_code == 428
    removed = await api.delete(url, headers=if_match(main))
    assert removed.status_code == 200, removed.text
    assert [r["case_id"] for r in removed.json()["related"]] == [second["id"]]
    assert (await read_case(first))["main_case"] is None
    assert (await read_case(first))["has_relations"] is False
    assert (await api.delete(url, headers={"If-Match": removed.headers["etag"]})).status_code == 404

    second = await read_case(second)
    from_below = await api.delete(f"/api/cases/{second['id']}/relations/{main['case_id']}", headers=if_match(second))
    assert from_below.status_code == 200
    assert from_below.json()["has_relations"] is False
    card = (await api.get(f"/api/cases/{main['case_id']}")).json()
    assert (card["sub_cases"], card["has_relations"]) == ([], False)


async def test_a_confidential_related_case_is_hidden_from_those_who_may_not_read_it(
    api: httpx.AsyncClient,
    new_inbox: NewInbox,
    new_case: NewCase,
    read_case: ReadCase,
    new_user: NewUser,
    as_user: AsUser,
    mark_confidential: Callable[..., Awaitable[dict[str, Any]]],
) -> None:
    inbox_id = await new_inbox()
    await new_user("u-sara", "Sara Svensson", inbox_id, confidential_inbox_ids=(inbox_id,))
    sara = as_user("u-sara", "Sara")
    main = await new_case(inbox_id, "Öppet")
    secret = await new_case(inbox_id, "Hemligt")
    main = (
        await api.post(
            f"/api/cases/{main['id']}/relations", json={"sub_case_ids": [secret["id"]]}, headers=if_match(main)
        )
    ).json()
    secret = await mark_confidential(await read_case(secret), **sara)
    assert (await api.get(f"/api/cases/{main['case_id']}/relations")).json()["related"] == []
    shown = (await api.get(f"/api/cases/{main['case_id']}/relations", headers=sara)).json()["related"]
    assert [r["case_id"] for r in shown] == [secret["id"]]
    assert (await api.get(f"/api/cases/{secret['id']}/documents")).status_code == 404
    assert (await api.get(f"/api/cases/{secret['id']}/documents", headers=sara)).status_code == 200


# --- relating from the inbox (CASE-14) --------------------------------------------------------------


async def test_cases_selected_in_the_inbox_are_related_each_with_its_own_result(
    api: httpx.AsyncClient,
    new_inbox: NewInbox,
    new_case: NewCase,
    read_case: ReadCase,
    new_user: NewUser,
    as_user: AsUser,
) -> None:
    inbox_id = await new_inbox(diary_plan=PLAN)
    await new_user("u-carl", "Carl Claesson", inbox_id)
    main = await new_case(inbox_id, "Gatlyktor")
    typed = await api.put(
        f"/api/cases/{main['id']}/case-types",
        json={"case_types": [{"case_type": "Gator och trafik", "category": "Gatubelysning"}]},
        headers=if_match(main),
    )
    assert typed.status_code == 200, typed.text
    mine = await new_case(inbox_id, "Lykta 1")
    parked = await new_case(inbox_id, "Lykta 2")
    parked = (
        await api.put(
            f"/api/cases/{parked['id']}/case-types",
            json={"case_types": [{"case_type": "Parkering"}]},
            headers=if_match(parked),
        )
    ).json()
    carls = await new_case(inbox_id, "Lykta 3")
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
        related = await read_case(case)
        assert related["status"] == "in_progress"
        assert related["main_case"]["case_id"] == main["id"]
        assert related["main_case"]["description"] == "Samma gata"
        assert [t["case_type"] for t in related["case_types"]] == ["Gator och trafik"]  # replaced, not added
    untouched = await read_case(carls)
    assert (untouched["status"], untouched["main_case"], untouched["version"]) == (
        "new",
        None,
        assigned.json()["version"],
    )
    card = await read_case(main)
    assert [s["case_id"] for s in card["sub_cases"]] == [mine["id"], parked["id"]]
    assert result["main_case_version"] == card["version"]

    # Carl relates his own; without inheriting, his case keeps its (no) case types.
    carl = as_user("u-carl", "Carl")
    again = await api.post(
        "/api/cases/relations",
        json={"main_case_id": main["id"], "sub_case_ids": [carls["id"]], "sub_case_status": "waiting"},
        headers=carl,
    )
    assert [r["related"] for r in again.json()["results"]] == [True]
    assert (await read_case(carls))["status"] == "waiting"


async def test_relating_from_the_inbox_refuses_bad_requests_whole(
    api: httpx.AsyncClient, new_inbox: NewInbox, new_case: NewCase, read_case: ReadCase
) -> None:
    inbox_id = await new_inbox()
    main = await new_case(inbox_id, "Huvud")
    sub = await new_case(inbox_id, "Under")
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
        assert field in problem_fields(response), body
    assert (await read_case(sub))["version"] == sub["version"]


# --- link relations -----------------------------------------------------------------------------------


async def test_links_are_added_edited_filtered_and_removed(
    api: httpx.AsyncClient, new_case: NewCase, read_case: ReadCase
) -> None:
    case = await new_case(title="Med länkar")
    url = f"/api/cases/{case['id']}/links"
    link = {"url": "https://www.kommun.se/gator", "description": "Gatuinformation"}
    assert (await api.post(url, json=link)).status_code == 428
    for bad in ("ftp://kommun.se/fil", "javascript:alert(1)", "kommun.se", "https://"):
        refused = await api.post(url, json={"url": bad}, headers=if_match(case))
        assert (refused.status_code, problem_fields(refused)) == (422, {"url"}), bad
    added = await api.post(url, json=link, headers=if_match(case))
    assert added.status_code == 201, added.text
    first = added.json()
    assert (first["url"], first["description"], first["added_by"]) == (link["url"], "Gatuinformation", "u-bengt")
    assert added.headers["location"] == f"{url}/{first['id']}"
    version = added.headers["etag"]
    second = await api.post(url, json={"url": "http://intranat.kommun.se/karta"}, headers={"If-Match": version})
    version = second.headers["etag"]
    assert (await read_case(case))["has_relations"] is True

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
    assert problem_fields(await api.patch(item, json={"url": None}, headers={"If-Match": edited.headers["etag"]})) == {
        "url"
    }
    assert problem_fields(
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
