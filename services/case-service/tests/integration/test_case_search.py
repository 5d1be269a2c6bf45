"""Case search over real infrastructure (CASE-31)."""

from datetime import UTC, datetime, timedelta

import httpx
import pytest

from arendo_kit.testing.fixture_types import NewCase, NewInbox

pytestmark = pytest.mark.integration


@pytest.fixture
async def inbox(new_inbox: NewInbox) -> str:
    return await new_inbox()


async def titles(api: httpx.AsyncClient, **params: object) -> list[str]:
    response = await api.get("/api/cases/search", params=params)
    assert response.status_code == 200, response.text
    return [hit["title"] for hit in response.json()["items"]]


async def test_free_text_finds_inflected_forms_newest_first(
    api: httpx.AsyncClient, new_case: NewCase, inbox: str
) -> None:
    await new_case(inbox, "Trasig gatlampa på Storgatan")
    await new_case(inbox, "Vattenläckan i källaren", description="Kunden ringde om gatlamporna också")
    await new_case(inbox, "Fråga om bygglov")
    assert await titles(api, q="gatlampor", inbox_id=inbox) == [
        "Vattenläckan i källaren",
        "Trasig gatlampa på Storgatan",
    ]
    assert await titles(api, q="vattenlacka", inbox_id=inbox) == ["Vattenläckan i källaren"]
    assert await titles(api, q="bygglovet altan", inbox_id=inbox) == []


async def test_by_number_status_and_dates(api: httpx.AsyncClient, new_case: NewCase, inbox: str) -> None:
    earlier = (datetime.now(UTC) - timedelta(days=3)).isoformat()
    old = await new_case(inbox, "Gammalt samtal", arrived_at=earlier)
    new = await new_case(inbox, "Nytt samtal")
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


async def test_paging_counts_every_hit(api: httpx.AsyncClient, new_case: NewCase, inbox: str) -> None:
    for n in range(5):
        await new_case(inbox, f"Parkering {n}")
    first = (await api.get("/api/cases/search", params={"q": "parkering", "inbox_id": inbox, "page_size": 2})).json()
    last = (
        await api.get("/api/cases/search", params={"q": "parkering", "inbox_id": inbox, "page_size": 2, "page": 3})
    ).json()
    assert (first["total"], len(first["items"]), len(last["items"])) == (5, 2, 1)
    assert first["items"][0]["title"] == "Parkering 4"
