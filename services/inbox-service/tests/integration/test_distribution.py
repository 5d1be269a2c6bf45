"""Distribution over real infrastructure: per-case outcomes, events for the case-service and
notification commands for the channel-gateway, all raised with the decision."""

import uuid

import httpx
import pytest

from arendo_contracts.events.case import CaseCreatedV1
from arendo_contracts.topology import COMMANDS_EXCHANGE
from arendo_kit.devauth import DevIssuer
from arendo_kit.testing.events import EventProbe, publish_event
from arendo_kit.testing.factories import case_summary
from arendo_kit.testing.http import problem_fields
from arendo_kit.testing.polling import eventually

pytestmark = pytest.mark.integration


class Municipality:
    """A customer service inbox with its officer, and a specialist group with its specialist."""

    def __init__(self, api: httpx.AsyncClient, admin: dict[str, str], issuer: DevIssuer, tag: str) -> None:
        self.api, self.admin, self.issuer, self.tag = api, admin, issuer, tag
        self.front = self.specialists = self.external = ""

    async def build(self) -> "Municipality":
        self.front = await self._inbox(f"Kundtjänst {self.tag}", "work_group")
        self.specialists = await self._inbox(
            f"Bygglov {self.tag}",
            "specialist_group",
            notifications={"email": "bygglov@kommun.se", "sms": "+46701234567"},
        )
        self.external = await self._inbox(f"Vatten AB {self.tag}", "external_party")
        await self._user(f"u-o{self.tag}", "Olle Officer", ["officer"], [self.front])
        await self._user(f"u-s{self.tag}", "Siv Specialist", ["specialist"], [self.specialists])
        return self

    async def _inbox(self, name: str, kind: str, **extra: object) -> str:
        response = await self.api.post("/api/inboxes", json={"name": name, "kind": kind, **extra}, headers=self.admin)
        assert response.status_code == 201, response.text
        inbox_id: str = response.json()["id"]
        return inbox_id

    async def _user(self, user_id: str, name: str, roles: list[str], inboxes: list[str]) -> None:
        response = await self.api.post(
            "/api/inboxes/users",
            headers=self.admin,
            json={"id": user_id, "username": user_id, "name": name, "roles": roles, "inbox_ids": inboxes},
        )
        assert response.status_code == 201, response.text

    @property
    def officer(self) -> dict[str, str]:
        sub = f"u-o{self.tag}"
        return {
            "Authorization": "Bearer "
            + self.issuer.issue(sub=sub, username=sub, name="Olle Officer", roles=["officer"])
        }

    async def cases(self, rabbitmq_url: str, *variants: dict[str, object]) -> list[str]:
        ids = []
        for n, fields in enumerate(variants):
            case_id = str(uuid.uuid4())
            summary = case_summary(case_id=case_id, inbox_id=self.front, number=f"2026-{n + 101:06d}", **fields)
            await publish_event(rabbitmq_url, CaseCreatedV1(case=summary), source="case-service")
            ids.append(case_id)

        async def projected() -> bool:
            body = (await self.api.get(f"/api/inboxes/{self.front}/cases", headers=self.admin)).json()
            return {item["case_id"] for item in body["items"]} >= set(ids)

        await eventually(projected, what="cases in the front inbox")
        return ids


@pytest.fixture
async def town(api: httpx.AsyncClient, admin: dict[str, str], dev_issuer: DevIssuer, unique_name: str) -> Municipality:
    return await Municipality(api, admin, dev_issuer, unique_name).build()


async def test_cases_go_to_a_specialist_group_with_note_officer_and_required_feedback(
    api: httpx.AsyncClient, town: Municipality, rabbitmq_url: str
) -> None:
    first, second = await town.cases(rabbitmq_url, {}, {})
    async with (
        EventProbe(rabbitmq_url, ["distribution.*.v1"]) as events,
        EventProbe(rabbitmq_url, ["channel.deliver.v1"], exchange=COMMANDS_EXCHANGE) as commands,
    ):
        response = await api.post(
            "/api/inboxes/distributions",
            headers=town.officer,
            json={
                "case_ids": [first, second],
                "kind": "specialist_group",
                "target_inbox_id": town.specialists,
                "officer_id": f"u-s{town.tag}",
                "note": "Gäller altanbygge",
                "require_feedback": True,
            },
        )
        assert response.status_code == 201, response.text
        body = response.json()
        assert body["distributed"] == 2
        assert {r["outcome"] for r in body["results"]} == {"distributed"}
        moved = await events.wait_for("distribution.case_distributed.v1", subject=second)
        await events.wait_for("distribution.case_distributed.v1", subject=first)
        await commands.wait_for("channel.deliver.v1")
        await eventually(lambda: _at_least(commands.received, 2), what="e-mail and SMS to the inbox")
    distribution = moved.data["distribution"]
    assert (distribution["to_inbox_id"], distribution["officer_name"], distribution["note"]) == (
        town.specialists,
        "Siv Specialist",
        "Gäller altanbygge",
    )
    assert distribution["require_feedback"] is True
    assert distribution["from_inbox_id"] == town.front
    channels = {(c.data["channel"], c.data["to"], c.data["purpose"]) for c in commands.received}
    assert channels == {
        ("email", "bygglov@kommun.se", "inbox_notification"),
        ("sms", "+46701234567", "inbox_notification"),
    }
    assert "2026-000101" in commands.received[0].data["body"]


async def test_each_case_moves_whole_or_not_at_all_with_its_reason(
    api: httpx.AsyncClient, town: Municipality, rabbitmq_url: str
) -> None:
    movable, locked, closed = await town.cases(rabbitmq_url, {}, {"flags": {"locked": True}}, {"status": "closed"})
    response = await api.post(
        "/api/inboxes/distributions",
        headers=town.officer,
        json={
            "case_ids": [movable, locked, closed, "no-such-case"],
            "kind": "external_party",
            "target_inbox_id": town.external,
        },
    )
    assert response.status_code == 201
    outcomes = {r["case_id"]: r["outcome"] for r in response.json()["results"]}
    assert outcomes == {movable: "distributed", locked: "locked", closed: "closed", "no-such-case": "not_found"}
    stored = await api.get(response.headers["location"], headers=town.officer)
    assert stored.json()["distributed"] == 1


async def test_the_customer_is_notified_only_when_one_case_is_distributed(
    api: httpx.AsyncClient, town: Municipality, rabbitmq_url: str
) -> None:
    first, second = await town.cases(rabbitmq_url, {}, {})
    async with EventProbe(rabbitmq_url, ["distribution.*.v1"]) as events:
        refused = await api.post(
            "/api/inboxes/distributions",
            headers=town.officer,
            json={
                "case_ids": [first, second],
                "kind": "work_group",
                "target_inbox_id": town.front,
                "notify_customer_email": "kund@example.se",
            },
        )
        assert refused.status_code == 422
        assert refused.json()["errors"][0]["field"] == "notify_customer_email"
        async with EventProbe(rabbitmq_url, ["channel.deliver.v1"], exchange=COMMANDS_EXCHANGE) as commands:
            single = await api.post(
                "/api/inboxes/distributions",
                headers=town.officer,
                json={
                    "case_ids": [first],
                    "kind": "external_party",
                    "target_inbox_id": town.external,
                    "notify_customer_email": "kund@example.se",
                },
            )
            assert single.status_code == 201
            mail = await commands.wait_for("channel.deliver.v1", subject=first)
        await events.wait_for("distribution.case_distributed.v1", subject=first)
    assert mail.data["purpose"] == "customer_notification"
    assert mail.data["to"] == "kund@example.se"
    assert [e.subject for e in events.received] == [first]  # the refused request moved nothing


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"kind": "work_group"}, "target_inbox_id"),
        ({"target_inbox_id": "nowhere"}, "target_inbox_id"),
        ({"officer_id": "u-nobody"}, "officer_id"),
        ({"case_ids": []}, "case_ids"),
        ({"kind": "external_party", "require_feedback": True}, "target_inbox_id"),
    ],
)
async def test_bad_requests_name_the_field(
    api: httpx.AsyncClient, town: Municipality, changes: dict[str, object], field: str
) -> None:
    body = {"case_ids": ["c-1"], "kind": "specialist_group", "target_inbox_id": town.specialists, **changes}
    response = await api.post("/api/inboxes/distributions", headers=town.officer, json=body)
    assert response.status_code == 422
    assert field in problem_fields(response)


async def test_drag_and_drop_moves_without_officer(
    api: httpx.AsyncClient, town: Municipality, rabbitmq_url: str
) -> None:
    [case_id] = await town.cases(rabbitmq_url, {})
    async with EventProbe(rabbitmq_url, ["distribution.*.v1"]) as events:
        response = await api.post(
            "/api/inboxes/distributions",
            headers=town.officer,
            json={
                "case_ids": [case_id],
                "kind": "specialist_group",
                "target_inbox_id": town.specialists,
                "drag_and_drop": True,
            },
        )
        assert response.status_code == 201
        moved = await events.wait_for("distribution.case_distributed.v1", subject=case_id)
    assert moved.data["distribution"]["officer_id"] is None
    assert moved.data["distribution"]["drag_and_drop"] is True
    with_officer = await api.post(
        "/api/inboxes/distributions",
        headers=town.officer,
        json={
            "case_ids": [case_id],
            "kind": "specialist_group",
            "target_inbox_id": town.specialists,
            "drag_and_drop": True,
            "officer_id": f"u-s{town.tag}",
        },
    )
    assert with_officer.status_code == 422


async def _at_least(items: list[object], count: int) -> bool:
    return len(items) >= count
