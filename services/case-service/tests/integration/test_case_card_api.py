"""The case card over the in-process API with real MongoDB-wire server and RabbitMQ: case types,
areas, organisations (CASE-04, CASE-05), content panel (CASE-06), confidentiality (CASE-07), the
read-only panel (CASE-08), officer (CASE-24) and the status of many cases (CASE-23)."""

import uuid
from datetime import datetime
from typing import Any

import httpx
import pytest

from arendo_contracts.events.distribution import CaseDistributedV1, CaseDistribution
from arendo_contracts.events.inbox import DiaryPlanEntry
from arendo_contracts.events.registers import (
    AreaChangedV1,
    AreaSnapshot,
    ConfidentialityParagraphChangedV1,
    ConfidentialityParagraphSnapshot,
    OrganisationChangedV1,
    OrganisationSnapshot,
    SettingsChangedV1,
    SystemSettingsSnapshot,
)
from arendo_contracts.vocabulary import Role
from arendo_kit.testing.events import EventProbe, publish_event
from arendo_kit.testing.fixture_types import AsUser, NewCase, NewInbox, NewUser
from arendo_kit.testing.http import if_match, problem_fields
from arendo_kit.testing.polling import eventually

pytestmark = pytest.mark.integration

PLAN = (
    DiaryPlanEntry(case_type="Bygglov", categories=("Altan", "Fasadändring"), kb_entry_ids=("kb-17", "kb-18")),
    DiaryPlanEntry(case_type="Gator och trafik", categories=("Gatubelysning", "Snöröjning")),
    DiaryPlanEntry(case_type="Återvinning"),
)


# --- case types (CASE-04) -----------------------------------------------------------------------


async def test_case_types_from_the_diary_plan_set_the_default_title(
    api: httpx.AsyncClient, new_inbox: NewInbox, new_case: NewCase, rabbitmq_url: str
) -> None:
    inbox_id = await new_inbox(diary_plan=PLAN)
    case = await new_case(inbox_id)
    assert case["title"] == "Nytt ärende"
    assert case["case_types"] == []
    url = f"/api/cases/{case['id']}"

    everything = (await api.get(f"{url}/case-type-options")).json()
    assert [o["case_type"] for o in everything] == ["Bygglov", "Gator och trafik", "Återvinning"]
    assert everything[0] == {
        "case_type": "Bygglov",
        "categories": ["Altan", "Fasadändring"],
        "kb_entry_ids": ["kb-17", "kb-18"],
    }
    snow = (await api.get(f"{url}/case-type-options", params={"q": "SNOROJ"})).json()
    assert snow == [{"case_type": "Gator och trafik", "categories": ["Snöröjning"], "kb_entry_ids": []}]
    assert (await api.get(f"{url}/case-type-options", params={"q": "atervinn"})).json()[0]["case_type"] == "Återvinning"

    body = {"case_types": [{"case_type": "Bygglov", "category": "Altan"}, {"case_type": "Återvinning"}]}
    assert (await api.put(f"{url}/case-types", json=body)).status_code == 428
    bad = {"case_types": [{"case_type": "Bygglov"}, {"case_type": "Gator och trafik", "category": "Altan"}]}
    refused = await api.put(f"{url}/case-types", json=bad, headers=if_match(case))
    assert refused.status_code == 422
    assert problem_fields(refused) == {"case_types.1.category"}
    unknown = await api.put(f"{url}/case-types", json={"case_types": [{"case_type": "Hundar"}]}, headers=if_match(case))
    assert problem_fields(unknown) == {"case_types.0.case_type"}
    assert (await api.get(url)).json()["version"] == case["version"]  # nothing half-written

    async with EventProbe(rabbitmq_url, ["case.updated.v1"]) as probe:
        typed = await api.put(f"{url}/case-types", json=body, headers=if_match(case))
        assert typed.status_code == 200, typed.text
        event = await probe.wait_for("case.updated.v1", subject=case["id"])
    result = typed.json()
    assert typed.headers["etag"] == f'"{case["version"] + 1}"'
    assert result["title"] == "Bygglov – Altan"
    assert result["case_types"] == [
        {"case_type": "Bygglov", "category": "Altan", "kb_entry_ids": ["kb-17", "kb-18"]},
        {"case_type": "Återvinning", "category": None, "kb_entry_ids": []},
    ]
    assert event.data["case"]["case_types"] == ["Bygglov", "Återvinning"]
    assert event.data["case"]["title"] == "Bygglov – Altan"
    assert {c["field"] for c in event.data["changes"]} == {"case_types", "title"}

    # Removing the first type: the title, still a default, follows.
    removed = await api.put(
        f"{url}/case-types", json={"case_types": [{"case_type": "Återvinning"}]}, headers=if_match(result)
    )
    assert removed.json()["title"] == "Återvinning"
    stale = await api.put(f"{url}/case-types", json={"case_types": []}, headers=if_match(result))
    assert stale.status_code == 412


# --- areas and organisations (CASE-05) ----------------------------------------------------------


async def test_areas_and_organisations_are_searched_and_chosen_from_the_registers(
    api: httpx.AsyncClient, new_case: NewCase, rabbitmq_url: str
) -> None:
    for area in (
        AreaSnapshot(area_id="norr", name="Norrmalm", version=1),
        AreaSnapshot(area_id="ost", name="Östermalm", description="Öster om centrum", version=1),
        AreaSnapshot(area_id="gamla", name="Gamla stan", active=False, version=2),
    ):
        await publish_event(rabbitmq_url, AreaChangedV1(area=area), source="inbox-service")
    for organisation in (
        OrganisationSnapshot(organisation_id="sbf", name="Stadsbyggnadsförvaltningen", version=1),
        OrganisationSnapshot(organisation_id="mf", name="Miljöförvaltningen", version=1),
    ):
        await publish_event(rabbitmq_url, OrganisationChangedV1(organisation=organisation), source="inbox-service")

    async def areas_replicated() -> list[dict[str, Any]] | None:
        found: list[dict[str, Any]] = (await api.get("/api/cases/registers/areas")).json()
        return found if len(found) == 2 else None

    areas = await eventually(areas_replicated, what="areas replicated")
    assert [a["id"] for a in areas] == ["norr", "ost"]  # inactive left out, Swedish order
    assert [a["id"] for a in (await api.get("/api/cases/registers/areas", params={"q": "oster"})).json()] == ["ost"]

    async def organisations_replicated() -> list[dict[str, Any]] | None:
        found: list[dict[str, Any]] = (await api.get("/api/cases/registers/organisations")).json()
        return found if len(found) == 2 else None

    organisations = await eventually(organisations_replicated, what="organisations replicated")
    assert [o["name"] for o in organisations] == ["Miljöförvaltningen", "Stadsbyggnadsförvaltningen"]
    hits = (await api.get("/api/cases/registers/organisations", params={"q": "MILJO"})).json()
    assert [o["id"] for o in hits] == ["mf"]

    case = await new_case()
    url = f"/api/cases/{case['id']}"
    for ids, field in ((["norr", "okänd"], "area_ids.1"), (["gamla"], "area_ids.0"), (["ost", "ost"], "area_ids.1")):
        refused = await api.put(f"{url}/areas", json={"area_ids": ids}, headers=if_match(case))
        assert refused.status_code == 422
        assert problem_fields(refused) == {field}
    async with EventProbe(rabbitmq_url, ["case.updated.v1"]) as probe:
        chosen = await api.put(f"{url}/areas", json={"area_ids": ["ost", "norr"]}, headers=if_match(case))
        assert chosen.status_code == 200, chosen.text
        event = await probe.wait_for("case.updated.v1", subject=case["id"])
    assert chosen.json()["areas"] == [{"id": "ost", "name": "Östermalm"}, {"id": "norr", "name": "Norrmalm"}]
    assert [(c["field"], c["old"], c["new"]) for c in event.data["changes"]] == [("areas", None, "Östermalm, Norrmalm")]

    case = chosen.json()
    refused = await api.put(f"{url}/organisations", json={"organisation_ids": ["x"]}, headers=if_match(case))
    assert problem_fields(refused) == {"organisation_ids.0"}
    picked = await api.put(f"{url}/organisations", json={"organisation_ids": ["sbf"]}, headers=if_match(case))
    assert picked.json()["organisations"] == [{"id": "sbf", "name": "Stadsbyggnadsförvaltningen"}]
    cleared = await api.put(f"{url}/areas", json={"area_ids": []}, headers=if_match(picked.json()))
    assert cleared.json()["areas"] == []
    assert cleared.json()["organisations"] == [{"id": "sbf", "name": "Stadsbyggnadsförvaltningen"}]


# --- content panel (CASE-06) and read-only panel (CASE-08) ---------------------------------------


async def test_content_panel_fields_and_the_event_date_setting(
    api: httpx.AsyncClient, new_inbox: NewInbox, new_case: NewCase, rabbitmq_url: str
) -> None:
    inbox_id = await new_inbox()
    case = await new_case(inbox_id, title="Snöröjning saknas")
    assert (case["customer_answered"], case["preferred_reply_form"], case["personal_data"]) == (False, None, False)
    assert case["inbox_name"] == f"Kundtjänst {inbox_id[-4:]}"
    assert case["event_date_visible"] is False
    url = f"/api/cases/{case['id']}"

    changed = await api.patch(
        url,
        json={"customer_answered": True, "preferred_reply_form": "email", "personal_data": True},
        headers=if_match(case),
    )
    assert changed.status_code == 200, changed.text
    case = changed.json()
    assert (case["customer_answered"], case["preferred_reply_form"], case["personal_data"]) == (True, "email", True)
    cleared = await api.patch(url, json={"preferred_reply_form": None}, headers=if_match(case))
    assert cleared.json()["preferred_reply_form"] is None
    case = cleared.json()
    assert problem_fields(await api.patch(url, json={"personal_data": None}, headers=if_match(case))) == {
        "personal_data"
    }
    assert problem_fields(await api.patch(url, json={"preferred_reply_form": "fax"}, headers=if_match(case))) == {
        "preferred_reply_form"
    }

    hidden = await api.patch(url, json={"event_date": "2026-01-05T10:00:00+01:00"}, headers=if_match(case))
    assert hidden.status_code == 422
    assert problem_fields(hidden) == {"event_date"}
    settings = SystemSettingsSnapshot(event_date_visible=True, version=2)
    await publish_event(rabbitmq_url, SettingsChangedV1(settings=settings), source="inbox-service")

    async def shown() -> bool:
        return bool((await api.get(url)).json()["event_date_visible"])

    await eventually(shown, what="event date setting replicated")
    dated = await api.patch(url, json={"event_date": "2026-01-05T10:00:00+01:00"}, headers=if_match(case))
    assert dated.status_code == 200, dated.text
    assert datetime.fromisoformat(dated.json()["event_date"]) == datetime.fromisoformat("2026-01-05T09:00:00+00:00")


async def test_the_read_only_panel_shows_inbox_name_and_handling_time(
    api: httpx.AsyncClient, new_inbox: NewInbox, new_case: NewCase
) -> None:
    inbox_id = await new_inbox()
    case = await new_case(inbox_id)
    read = (await api.get(f"/api/cases/{case['id']}")).json()
    assert read["inbox_name"] == f"Kundtjänst {inbox_id[-4:]}"
    assert isinstance(read["handling_time_seconds"], int)
    assert read["handling_time_seconds"] >= 0
    assert (read["number"], read["status"], read["closed_at"]) == (case["number"], "new", None)
    closed = await api.put(
        f"/api/cases/{case['id']}/status", json={"status": "closed", "confirmed": True}, headers=if_match(read)
    )
    assert closed.status_code == 200
    after = (await api.get(f"/api/cases/{case['id']}")).json()
    assert after["closed_at"] is not None
    assert after["handling_time_seconds"] >= 0


# --- confidentiality (CASE-07) -------------------------------------------------------------------


async def test_a_confidential_case_is_invisible_without_the_permission(
    api: httpx.AsyncClient,
    new_inbox: NewInbox,
    new_case: NewCase,
    new_user: NewUser,
    as_user: AsUser,
    rabbitmq_url: str,
) -> None:
    inbox_id = await new_inbox(diary_plan=PLAN)
    sara = as_user("u-sara", "Sara Svensson")
    await new_user("u-bengt", "Bengt Berg", inbox_id)
    await new_user("u-sara", "Sara Svensson", inbox_id, confidential_inbox_ids=(inbox_id,))
    case = await new_case(inbox_id, title="Orosanmälan")
    url = f"/api/cases/{case['id']}"

    # Bengt may not read confidential cases in the inbox: he may not mark one either.
    body = {"confidential": True, "paragraph_id": "osl-26-1"}
    assert (await api.put(f"{url}/confidentiality", json=body, headers=if_match(case))).status_code == 403
    missing = await api.put(f"{url}/confidentiality", json={"confidential": True}, headers={**sara, **if_match(case)})
    assert missing.status_code == 422
    assert problem_fields(missing) == {"paragraph_id"}
    unknown = await api.put(f"{url}/confidentiality", json=body, headers={**sara, **if_match(case)})
    assert problem_fields(unknown) == {"paragraph_id"}
    paragraph = ConfidentialityParagraphSnapshot(
        paragraph_id="osl-26-1", code="OSL 26 kap. 1 §", title="Socialtjänstsekretess", version=1
    )
    await publish_event(rabbitmq_url, ConfidentialityParagraphChangedV1(paragraph=paragraph), source="inbox-service")

    async with EventProbe(rabbitmq_url, ["case.updated.v1"]) as probe:

        async def marked() -> httpx.Response | None:
            response = await api.put(f"{url}/confidentiality", json=body, headers={**sara, **if_match(case)})
            return response if response.status_code == 200 else None

        confidential = (await eventually(marked, what="paragraph replicated")).json()
        event = await probe.wait_for("case.updated.v1", subject=case["id"])
    assert (confidential["confidential"], confidential["confidentiality_paragraph_code"]) == (True, "OSL 26 kap. 1 §")
    assert event.data["case"]["confidential"] is True

    # Bengt gets what he would get for a case that does not exist, on every read and change.
    current = if_match(confidential)
    answers = [
        await api.get(url),
        await api.patch(url, json={"title": "Titt"}, headers=current),
        await api.get(f"{url}/case-type-options"),
        await api.put(f"{url}/case-types", json={"case_types": []}, headers=current),
        await api.put(f"{url}/areas", json={"area_ids": []}, headers=current),
        await api.put(f"{url}/organisations", json={"organisation_ids": []}, headers=current),
        await api.put(f"{url}/confidentiality", json={"confidential": False}, headers=current),
        await api.get(f"{url}/officer-options"),
        await api.put(f"{url}/officer", json={"officer_id": "u-bengt"}, headers=current),
        await api.delete(f"{url}/officer", headers=current),
        await api.put(f"{url}/status", json={"status": "closed"}, headers=current),
        await api.post(f"{url}/lock"),
        await api.post(f"{url}/lock/heartbeat"),
        await api.delete(f"{url}/lock"),
    ]
    assert [a.status_code for a in answers] == [404] * len(answers)
    assert {a.json()["detail"] for a in answers} == {"Ärendet finns inte"}
    many = await api.post("/api/cases/status-changes", json={"case_ids": [case["id"]], "status": "closed"})
    assert many.json()["results"] == [
        {
            "case_id": case["id"],
            "outcome": "refused",
            "reason": "not_found",
            "detail": "Ärendet finns inte",
            "version": None,
        }
    ]

    # Sara sees and changes it; and she may lift the confidentiality again.
    assert (await api.get(url, headers=sara)).json()["confidential"] is True
    typed = await api.put(
        f"{url}/case-types", json={"case_types": [{"case_type": "Återvinning"}]}, headers={**sara, **current}
    )
    assert typed.status_code == 200
    lifted = await api.put(
        f"{url}/confidentiality", json={"confidential": False}, headers={**sara, **if_match(typed.json())}
    )
    assert lifted.status_code == 200
    assert lifted.json()["confidentiality_paragraph_id"] is None
    assert (await api.get(url)).status_code == 200


# --- officer (CASE-24) ---------------------------------------------------------------------------


async def test_assign_me_another_officer_and_remove_keep_the_history(
    api: httpx.AsyncClient, new_inbox: NewInbox, new_case: NewCase, new_user: NewUser, rabbitmq_url: str
) -> None:
    inbox_id = await new_inbox()
    await new_user("u-orjan", "Örjan Öst", inbox_id, roles=(Role.SPECIALIST,))
    await new_user("u-dora", "Dora Dahl", "annan-inkorg")
    await new_user("u-erik", "Erik Ek", inbox_id, roles=(Role.ADMIN,))
    await new_user("u-fia", "Fia Falk", inbox_id, active=False)
    await new_user("u-carl", "Carl Claesson", inbox_id)
    case = await new_case(inbox_id)
    url = f"/api/cases/{case['id']}"
    options = (await api.get(f"{url}/officer-options")).json()
    assert options == [
        {"user_id": "u-carl", "username": "carl", "name": "Carl Claesson"},
        {"user_id": "u-orjan", "username": "orjan", "name": "Örjan Öst"},
    ]
    assert [o["user_id"] for o in (await api.get(f"{url}/officer-options", params={"q": "OST"})).json()] == ["u-orjan"]
    assert [o["user_id"] for o in (await api.get(f"{url}/officer-options", params={"q": "carl"})).json()] == ["u-carl"]

    async with EventProbe(rabbitmq_url, ["case.updated.v1"]) as probe:
        mine = await api.put(f"{url}/officer", json={"officer_id": "u-bengt"}, headers=if_match(case))
        assert mine.status_code == 200, mine.text
        event = await probe.wait_for("case.updated.v1", subject=case["id"])
    assert (mine.json()["officer_id"], mine.json()["officer_name"]) == ("u-bengt", "Bengt Berg")
    assert event.data["case"]["officer_name"] == "Bengt Berg"
    assert [(c["field"], c["old"], c["new"]) for c in event.data["changes"]] == [("officer", None, "Bengt Berg")]

    for officer_id in ("u-dora", "u-erik", "u-fia", "u-okand"):
        refused = await api.put(f"{url}/officer", json={"officer_id": officer_id}, headers=if_match(mine.json()))
        assert refused.status_code == 422, officer_id
        assert problem_fields(refused) == {"officer_id"}
    theirs = await api.put(f"{url}/officer", json={"officer_id": "u-carl"}, headers=if_match(mine.json()))
    assert theirs.json()["officer_name"] == "Carl Claesson"
    assert (await api.delete(f"{url}/officer")).status_code == 428
    removed = await api.delete(f"{url}/officer", headers=if_match(theirs.json()))
    assert removed.status_code == 200
    result = removed.json()
    assert result["officer_id"] is None
    assert [(p["officer_id"], p["until"] is None) for p in result["officer_history"]] == [
        ("u-bengt", False),
        ("u-carl", False),
    ]
    assert result["officer_history"][0]["until"] == result["officer_history"][1]["since"]


# --- status of many cases (CASE-23) --------------------------------------------------------------


async def test_the_status_of_many_cases_each_changed_or_refused_with_the_reason(
    api: httpx.AsyncClient,
    new_inbox: NewInbox,
    new_case: NewCase,
    new_user: NewUser,
    as_user: AsUser,
    rabbitmq_url: str,
) -> None:
    inbox_id = await new_inbox()
    specialists = await new_inbox(kind="specialist_group")
    await new_user("u-carl", "Carl Claesson", inbox_id)
    carl = as_user("u-carl", "Carl Claesson")
    free = await new_case(inbox_id, title="Fri")
    already = await new_case(inbox_id, title="Redan avslutad")
    closed = await api.put(
        f"/api/cases/{already['id']}/status", json={"status": "closed", "confirmed": True}, headers=if_match(already)
    )
    assert closed.status_code == 200
    carls = await new_case(inbox_id, title="Carls")
    assigned = await api.put(
        f"/api/cases/{carls['id']}/officer", json={"officer_id": "u-carl"}, headers=if_match(carls)
    )
    assert assigned.status_code == 200
    locked = await new_case(inbox_id, title="Låst")
    assert (await api.post(f"/api/cases/{locked['id']}/lock", headers=carl)).status_code == 200
    waiting = await new_case(inbox_id, title="Väntar på återkoppling")
    distribution = CaseDistribution(
        distribution_id=str(uuid.uuid4()),
        case_id=waiting["id"],
        case_number=waiting["number"],
        from_inbox_id=inbox_id,
        to_inbox_id=specialists,
        to_inbox_name="Specialister",
        to_inbox_kind="specialist_group",
        require_feedback=True,
        distributed_by="u-carl",
        distributed_by_name="Carl Claesson",
    )
    await publish_event(rabbitmq_url, CaseDistributedV1(distribution=distribution), source="inbox-service")

    async def moved() -> bool:
        return bool((await api.get(f"/api/cases/{waiting['id']}")).json()["feedback_required"])

    await eventually(moved, what="case distributed with feedback required")

    ids = [free["id"], already["id"], carls["id"], locked["id"], waiting["id"], "finns-inte", free["id"]]
    async with EventProbe(rabbitmq_url, ["case.closed.v1"]) as probe:
        response = await api.post(
            "/api/cases/status-changes", json={"case_ids": ids, "status": "closed", "confirmed": True}
        )
        assert response.status_code == 200, response.text
        event = await probe.wait_for("case.closed.v1", subject=free["id"])
    results = response.json()["results"]
    assert [(r["case_id"], r["outcome"], r["reason"]) for r in results] == [
        (free["id"], "changed", None),
        (already["id"], "unchanged", None),
        (carls["id"], "refused", "officer_rule"),
        (locked["id"], "refused", "locked"),
        (waiting["id"], "refused", "feedback_required"),
        (
            "finns-inte",
            "refused",
            "not_found",
        ),
    ]
    assert "Carl Claesson" in results[2]["detail"]
    assert results[3]["detail"].startswith("Ärendet är låst av Carl Claesson sedan ")
    assert results[0]["version"] == free["version"] + 1
    assert event.data["case"]["status"] == "closed"
    for refused_id in (carls["id"], locked["id"], waiting["id"]):
        assert (await api.get(f"/api/cases/{refused_id}")).json()["status"] == "new"

    for bad in ({"case_ids": [], "status": "closed"}, {"case_ids": ["x"], "status": "done"}):
        refused = await api.post("/api/cases/status-changes", json=bad)
        assert refused.status_code == 422
