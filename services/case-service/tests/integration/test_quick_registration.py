"""Quick registration (CASE-02): the four outcomes of the dialog."""

import httpx
import pytest

from arendo_contracts.events.inbox import DiaryPlanEntry
from arendo_kit.testing.events import EventProbe
from arendo_kit.testing.fixture_types import NewInbox
from arendo_kit.testing.http import problem_fields

pytestmark = pytest.mark.integration

PLAN = (
    DiaryPlanEntry(case_type="Gata och trafik", categories=("Gatubelysning", "Parkering")),
    DiaryPlanEntry(case_type="Synpunkt"),
)


@pytest.fixture
async def inbox(new_inbox: NewInbox) -> str:
    return await new_inbox(diary_plan=PLAN)


async def test_save_and_close_stores_a_closed_typed_case_in_one_event(
    api: httpx.AsyncClient, inbox: str, rabbitmq_url: str
) -> None:
    async with EventProbe(rabbitmq_url, ["case.*.v1"]) as probe:
        response = await api.post(
            "/api/cases/quick-registrations",
            json={
                "inbox_id": inbox,
                "case_type": "gata och trafik",
                "category": "gatubelysning",
                "description": "Lampan utanför nr 12 är trasig",
                "outcome": "save_and_close",
            },
        )
        assert response.status_code == 201, response.text
        case = response.json()["case"]
        event = await probe.wait_for("case.created.v1", subject=case["id"])
    assert (case["status"], case["channel"], case["title"]) == ("closed", "phone", "Gata och trafik – Gatubelysning")
    assert case["closed_at"] is not None
    assert event.data["case"]["status"] == "closed"
    assert event.data["case"]["case_types"] == ["Gata och trafik"]
    assert [e.subject for e in probe.received] == [case["id"]]


async def test_save_and_open_and_save_and_distribute(api: httpx.AsyncClient, inbox: str) -> None:
    opened = await api.post(
        "/api/cases/quick-registrations",
        json={"inbox_id": inbox, "case_type": "Synpunkt", "description": "Bra service", "outcome": "save_and_open"},
    )
    assert opened.json()["case"]["status"] == "new"
    assert opened.headers["location"] == f"/api/cases/{opened.json()['case']['id']}"
    handed = await api.post(
        "/api/cases/quick-registrations",
        json={
            "inbox_id": inbox,
            "description": "Fråga om altan",
            "outcome": "save_and_distribute",
            "distribute_to": "specialist_group",
        },
    )
    body = handed.json()
    assert body["distribution"] == {
        "endpoint": "/api/inboxes/distributions",
        "case_ids": [body["case"]["id"]],
        "kind": "specialist_group",
    }


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"case_type": "Bygglov"}, "case_type"),
        ({"case_type": "Synpunkt", "category": "Parkering"}, "category"),
        ({"category": "Parkering"}, "case_type"),
        ({"outcome": "save_and_distribute"}, "distribute_to"),
        ({"description": ""}, "description"),
        ({"outcome": "cancel"}, "outcome"),
    ],
)
async def test_bad_registrations_name_the_field_and_store_nothing(
    api: httpx.AsyncClient, inbox: str, changes: dict[str, object], field: str
) -> None:
    before = (await api.get("/api/cases/search", params={"inbox_id": inbox})).json()["total"]
    body = {"inbox_id": inbox, "description": "Ett samtal", "outcome": "save_and_open", **changes}
    response = await api.post("/api/cases/quick-registrations", json=body)
    assert response.status_code == 422
    assert field in problem_fields(response)
    assert (await api.get("/api/cases/search", params={"inbox_id": inbox})).json()["total"] == before
