"""Case search over real infrastructure (CASE-31)."""

import uuid
from datetime import UTC, datetime, timedelta

import httpx
import pytest

from arendo_contracts.events.inbox import InboxCreatedV1
from arendo_kit.testing.events import publish_event
from arendo_kit.testing.factories import inbox_snapshot
from arendo_kit.testing.polling import eventually

pytestmark = pytest.mark.integration


@pytest.fixture
async def inbox(api: httpx.AsyncClient, rabbitmq_url: str) -> str:
    inbox_id = f"sok-{uuid.uuid4().hex[:8]}"
    await publish_event(rabbitmq_url, InboxCreatedV1(inbox=inbox_snapshot(inbox_id=inbox_id, name=inbox_id)))

    async def replicated() -> bool:
        return (await api.post("/api/cases", json={"inbox_id": inbox_id, "title": "Första"})).status_code == 201

    await eventually(replicated, what="inbox replicated")
    return inbox_id


async def register(api: httpx.AsyncClient, inbox: str, title: str, **extra: object) -> dict[str, object]:
    response = await api.post("/api/cases", json={"inbox_id": inbox, "title": title, **extra})
    assert response.status_code == 201, response.text
    case: dict[str, object] = response.json()
    return case


async def titles(api: httpx.AsyncClient, **params: object) -> list[str]:
    response = await api.get("/api/cases/search", params=params)
    assert response.status_code == 200, response.text
    return [hit["title"] for hit in response.json()["items"]]


async def test_free_text_finds_inflected_forms_newest_first(api: httpx.AsyncClient, inbox: str) -> None:
    await register(api, inbox, "Trasig gatlampa på Storgatan")
    await register(api, inbox, "Vattenläckan i källaren", description="Kunden ringde om gatlamporna också")
    await register(api, inbox, "Fråga om bygglov")
    assert await titles(api, q="gatlampor", inbox_id=inbox) == [
        "Vattenläckan i källaren",
        "Trasig gatlampa på Storgatan",
    ]
    assert await titles(api, q="vattenlacka", inbox_id=inbox) == ["Vattenläckan i källaren"]
    assert await titles(api, q="bygglovet altan", inbox_id=inbox) == []


async def test_by_number_status_and_dates(api: httpx.AsyncClient, inbox: str) -> None:
    earlier = (datetime.now(UTC) - timedelta(days=3)).isoformat()
    old = await register(api, inbox, "Gammalt samtal", arrived_at=earlier)
    new = await register(api, inbox, "Nytt samtal")
    assert await titles(api, number=new["number"]) == ["Nytt samtal"]
    year_prefix = str(old["number"])[:5]
    assert "Gammalt samtal" in await titles(api, number=year_prefix, inbox_id=inbox, page_size=200)
    assert await titles(api, q="samtal", inbox_id=inbox, status="closed") == []
    moments = {"registered_from": new["registered_at"], "registered_to": new["registered_at"]}
    assert await titles(api, inbox_id=inbox, **moments) == ["Nytt samtal"]
    backwards = await api.get(
        "/api/cases/search", params={"registered_from": new["registered_at"], "registered_to": earlier}
    )
    assert backwards.status_code == 422
    assert backwards.json()["errors"][0]["field"] == "registered_from"


async def test_paging_counts_every_hit(api: httpx.AsyncClient, inbox: str) -> None:
    for n in range(5):
        await register(api, inbox, f"Parkering {n}")
    first = (await api.get("/api/cases/search", params={"q": "parkering", "inbox_id": inbox, "page_size": 2})).json()
    last = (
        await api.get("/api/cases/search", params={"q": "parkering", "inbox_id": inbox, "page_size": 2, "page": 3})
    ).json()
    assert (first["total"], len(first["items"]), len(last["items"])) == (5, 2, 1)
    assert first["items"][0]["title"] == "Parkering 4"
