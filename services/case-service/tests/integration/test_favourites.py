"""Favourites (CASE-30): per officer, add and remove, published for "My cases"."""

import uuid

import httpx
import pytest

from arendo_contracts.events.inbox import InboxCreatedV1
from arendo_kit.testing.apps import running_app
from arendo_kit.testing.events import EventProbe, publish_event
from arendo_kit.testing.factories import inbox_snapshot
from arendo_kit.testing.polling import eventually
from case_service.main import create_app
from case_service.settings import Settings

pytestmark = pytest.mark.integration


@pytest.fixture
async def case_id(api: httpx.AsyncClient, rabbitmq_url: str) -> str:
    inbox_id = f"fav-{uuid.uuid4().hex[:8]}"
    await publish_event(rabbitmq_url, InboxCreatedV1(inbox=inbox_snapshot(inbox_id=inbox_id)))

    async def created() -> str | None:
        response = await api.post("/api/cases", json={"inbox_id": inbox_id, "title": "Favorit"})
        return str(response.json()["id"]) if response.status_code == 201 else None

    return await eventually(created, what="case registered")


async def test_add_twice_and_remove_publish_the_whole_list(
    api: httpx.AsyncClient, rabbitmq_url: str, case_id: str
) -> None:
    async with EventProbe(rabbitmq_url, ["favourites.changed.v1"]) as probe:
        assert (await api.put(f"/api/cases/{case_id}/favourite")).json() == {"case_ids": [case_id]}
        assert (await api.put(f"/api/cases/{case_id}/favourite")).json() == {"case_ids": [case_id]}
        added = await probe.wait_for("favourites.changed.v1", subject="u-bengt")
        mine = (await api.get("/api/cases/favourites")).json()
        assert mine["case_ids"] == [case_id]
        assert [(c["id"], c["title"], c["status"]) for c in mine["cases"]] == [(case_id, "Favorit", "new")]
        assert (await api.delete(f"/api/cases/{case_id}/favourite")).json() == {"case_ids": []}

        async def removed() -> bool:
            versions = [e.data["favourites"]["version"] for e in probe.of_type("favourites.changed.v1")]
            return versions[-1:] == [added.data["favourites"]["version"] + 1]

        await eventually(removed, what="removal published")
    assert len(probe.of_type("favourites.changed.v1")) == 2  # adding twice published once


async def test_an_unknown_case_cannot_be_a_favourite(api: httpx.AsyncClient) -> None:
    response = await api.put("/api/cases/no-such-case/favourite")
    assert response.status_code == 404


async def test_a_favourite_made_confidential_is_not_listed_to_those_who_may_not_read_it(
    settings: Settings, officer_token: str, rabbitmq_url: str
) -> None:
    app = create_app(settings)
    async with running_app(app, token=officer_token) as api:
        inbox_id = f"fav-{uuid.uuid4().hex[:8]}"
        await publish_event(rabbitmq_url, InboxCreatedV1(inbox=inbox_snapshot(inbox_id=inbox_id)))

        async def created() -> str | None:
            response = await api.post("/api/cases", json={"inbox_id": inbox_id, "title": "Hemlig"})
            return str(response.json()["id"]) if response.status_code == 201 else None

        secret, plain = await eventually(created, what="case"), await eventually(created, what="case")
        for case_id in (secret, plain):
            assert (await api.put(f"/api/cases/{case_id}/favourite")).status_code == 200
        cases = app.state.context.cases
        case = await cases.require(secret)
        await cases.store(case.model_copy(update={"confidential": True, "version": case.next_version()}))

        mine = (await api.get("/api/cases/favourites")).json()
        assert mine["case_ids"] == [plain, secret]  # the list itself is the officer's own
        assert [c["id"] for c in mine["cases"]] == [plain]
