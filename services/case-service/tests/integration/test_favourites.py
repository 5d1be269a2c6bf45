"""Favourites (CASE-30): per officer, add and remove, published for "My cases"."""

import httpx
import pytest
from fastapi import FastAPI

from arendo_kit.testing.events import EventProbe
from arendo_kit.testing.fixture_types import NewCase, NewInbox
from arendo_kit.testing.polling import eventually

pytestmark = pytest.mark.integration


@pytest.fixture
async def case_id(new_case: NewCase) -> str:
    return str((await new_case(title="Favorit"))["id"])


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
    api: httpx.AsyncClient, app: FastAPI, new_inbox: NewInbox, new_case: NewCase
) -> None:
    inbox_id = await new_inbox()
    secret, plain = (await new_case(inbox_id, "Hemlig"))["id"], (await new_case(inbox_id, "Hemlig"))["id"]
    for case_id in (secret, plain):
        assert (await api.put(f"/api/cases/{case_id}/favourite")).status_code == 200
    cases = app.state.context.cases
    case = await cases.require(secret)
    await cases.store(case.model_copy(update={"confidential": True, "version": case.next_version()}))

    mine = (await api.get("/api/cases/favourites")).json()
    assert mine["case_ids"] == [plain, secret]  # the list itself is the officer's own
    assert [c["id"] for c in mine["cases"]] == [plain]
