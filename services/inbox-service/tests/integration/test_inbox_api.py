"""Registers and the inbox view in-process over a real MongoDB-wire server and RabbitMQ."""

import uuid
from datetime import UTC, datetime, timedelta

import httpx
import pytest

from arendo_contracts.events.case import CaseCreatedV1, CaseSummary, CaseUpdatedV1
from arendo_contracts.vocabulary import Priority
from arendo_kit.devauth import DevIssuer
from arendo_kit.testing.events import EventProbe, publish_event
from arendo_kit.testing.http import problem_fields
from arendo_kit.testing.polling import eventually

pytestmark = pytest.mark.integration

T0 = datetime(2026, 11, 2, 8, 0, tzinfo=UTC)


def summary(
    inbox_id: str,
    *,
    priority: str = "normal",
    minutes: int = 0,
    version: int = 1,
    confidential: bool = False,
    case_id: str | None = None,
    title: str = "Ärende",
) -> CaseSummary:
    at = T0 + timedelta(minutes=minutes)
    return CaseSummary(
        case_id=case_id or str(uuid.uuid4()),
        number=f"2026-{minutes + 1:06d}",
        title=title,
        status="new",
        priority=priority,
        channel="phone",
        inbox_id=inbox_id,
        arrived_at=at,
        registered_at=at,
        confidential=confidential,
        version=version,
    )


async def create_inbox(api: httpx.AsyncClient, admin: dict[str, str], name: str) -> str:
    response = await api.post("/api/inboxes", json={"name": name, "kind": "work_group"}, headers=admin)
    assert response.status_code == 201, response.text
    inbox_id: str = response.json()["id"]
    return inbox_id


async def listing(api: httpx.AsyncClient, inbox_id: str, headers: dict[str, str], **params: int) -> httpx.Response:
    return await api.get(f"/api/inboxes/{inbox_id}/cases", headers=headers, params=params)


async def titles_when(api: httpx.AsyncClient, inbox_id: str, headers: dict[str, str], count: int) -> list[str]:
    async def probe() -> list[str] | None:
        items = (await listing(api, inbox_id, headers)).json()["items"]
        return [i["title"] for i in items] if len(items) == count else None

    return await eventually(probe, what=f"{count} cases in the inbox view")


async def test_only_admins_create_inboxes_and_the_event_is_published(
    api: httpx.AsyncClient, admin: dict[str, str], rabbitmq_url: str, unique_name: str
) -> None:
    refused = await api.post("/api/inboxes", json={"name": "X", "kind": "work_group"})
    assert refused.status_code == 403
    async with EventProbe(rabbitmq_url, ["inbox.created.v1"]) as probe:
        inbox_id = await create_inbox(api, admin, f"Kundtjänst {unique_name}")
        event = await probe.wait_for("inbox.created.v1", subject=inbox_id)
    assert event.data["inbox"]["name"] == f"Kundtjänst {unique_name}"
    assert event.actor == "u-anna"
    duplicate = await api.post(
        "/api/inboxes", json={"name": f"kundtjänst {unique_name}", "kind": "work_group"}, headers=admin
    )
    assert duplicate.status_code == 409
    assert duplicate.json()["errors"][0]["field"] == "name"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"name": "A", "kind": "queue"}, "kind"),
        ({"kind": "work_group"}, "name"),
        ({"name": "A", "kind": "work_group", "email": "not-an-address"}, "email"),
        ({"name": "A", "kind": "work_group", "reply_time_limit_hours": 0}, "reply_time_limit_hours"),
    ],
)
async def test_bad_inboxes_name_the_field(
    api: httpx.AsyncClient, admin: dict[str, str], body: dict[str, object], field: str
) -> None:
    response = await api.post("/api/inboxes", json=body, headers=admin)
    assert response.status_code == 422
    assert field in problem_fields(response)


async def test_users_with_roles_and_their_inboxes(
    api: httpx.AsyncClient, admin: dict[str, str], rabbitmq_url: str, unique_name: str
) -> None:
    inbox_id = await create_inbox(api, admin, f"Bygglov {unique_name}")
    unknown = await api.post(
        "/api/inboxes/users",
        headers=admin,
        json={"username": f"x{unique_name}", "name": "X", "roles": ["officer"], "inbox_ids": ["saknas"]},
    )
    assert unknown.status_code == 422
    assert unknown.json()["errors"][0]["field"] == "inbox_ids.0"
    async with EventProbe(rabbitmq_url, ["user.created.v1"]) as probe:
        created = await api.post(
            "/api/inboxes/users",
            headers=admin,
            json={
                "id": f"u-{unique_name}",
                "username": f"Cecilia{unique_name}",
                "name": "Cecilia Carlsson",
                "roles": ["specialist"],
                "inbox_ids": [inbox_id],
                "confidential_inbox_ids": [inbox_id],
            },
        )
        assert created.status_code == 201, created.text
        await probe.wait_for("user.created.v1", subject=f"u-{unique_name}")
    found = await api.get("/api/inboxes/users", params={"q": "cecilia", "inbox_id": inbox_id}, headers=admin)
    assert [u["id"] for u in found.json()] == [f"u-{unique_name}"]


async def test_the_inbox_view_orders_by_priority_tier_then_arrival(
    api: httpx.AsyncClient, admin: dict[str, str], rabbitmq_url: str, unique_name: str
) -> None:
    inbox_id = await create_inbox(api, admin, f"Ordning {unique_name}")
    cases = [
        summary(inbox_id, priority="normal", minutes=1, title="normal tidig"),
        summary(inbox_id, priority="prioritised", minutes=5, title="prioriterad"),
        summary(inbox_id, priority="urgent", minutes=9, title="akut"),
        summary(inbox_id, priority="normal", minutes=3, title="normal sen"),
    ]
    for case in cases:
        await publish_event(rabbitmq_url, CaseCreatedV1(case=case), source="case-service")
    titles = await titles_when(api, inbox_id, admin, 4)
    assert titles == ["akut", "prioriterad", "normal tidig", "normal sen"]
    first = (await listing(api, inbox_id, admin)).json()["items"][0]
    assert first["officer"] == "Ingen handläggare"

    promoted = cases[3].model_copy(update={"priority": Priority.URGENT, "version": 2})
    await publish_event(rabbitmq_url, CaseUpdatedV1(case=promoted), source="case-service")
    stale = cases[3].model_copy(update={"title": "föråldrad", "version": 1})
    await publish_event(rabbitmq_url, CaseUpdatedV1(case=stale), source="case-service")

    async def reordered() -> bool:
        items = (await listing(api, inbox_id, admin)).json()["items"]
        # both urgent now, so the earlier arrival comes first
        return [i["title"] for i in items][:2] == ["normal sen", "akut"]

    await eventually(reordered, what="promoted case moves up")
    page = (await listing(api, inbox_id, admin, page=2, page_size=3)).json()
    assert (page["total"], [i["title"] for i in page["items"]]) == (4, ["normal tidig"])


async def test_confidential_cases_only_for_users_with_the_permission(
    api: httpx.AsyncClient, admin: dict[str, str], rabbitmq_url: str, dev_issuer: DevIssuer, unique_name: str
) -> None:
    inbox_id = await create_inbox(api, admin, f"Socialtjänst {unique_name}")
    for sub, confidential in ((f"u-a{unique_name}", []), (f"u-b{unique_name}", [inbox_id])):
        response = await api.post(
            "/api/inboxes/users",
            headers=admin,
            json={
                "id": sub,
                "username": sub,
                "name": sub,
                "roles": ["officer"],
                "inbox_ids": [inbox_id],
                "confidential_inbox_ids": confidential,
            },
        )
        assert response.status_code == 201
    await publish_event(rabbitmq_url, CaseCreatedV1(case=summary(inbox_id, minutes=1, title="öppen")))
    await publish_event(
        rabbitmq_url, CaseCreatedV1(case=summary(inbox_id, minutes=2, title="sekretess", confidential=True))
    )

    def bearer(sub: str) -> dict[str, str]:
        return {"Authorization": "Bearer " + dev_issuer.issue(sub=sub, username=sub, name=sub, roles=["officer"])}

    permitted = bearer(f"u-b{unique_name}")
    assert await titles_when(api, inbox_id, permitted, 2) == ["öppen", "sekretess"]
    plain = (await listing(api, inbox_id, bearer(f"u-a{unique_name}"))).json()
    assert ([i["title"] for i in plain["items"]], plain["total"]) == (["öppen"], 1)
    outsider = await listing(api, inbox_id, bearer("u-outsider"))
    assert outsider.status_code == 403
