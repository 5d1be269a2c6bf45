"""The inbox view over real infrastructure: sort, filter, group, "My cases", favourites."""

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from arendo_contracts.events.case import (
    CaseCreatedV1,
    CaseLockSummary,
    CaseSnapshotV1,
    CaseUpdatedV1,
    FavouritesChangedV1,
    FavouritesSnapshot,
)
from arendo_kit.devauth import DevIssuer
from arendo_kit.testing.events import publish_event
from arendo_kit.testing.factories import DEFAULT_TIME, case_summary
from arendo_kit.testing.http import bearer
from arendo_kit.testing.polling import eventually

pytestmark = pytest.mark.integration


@pytest.fixture
async def inbox(api: httpx.AsyncClient, admin: dict[str, str], unique_name: str) -> str:
    response = await api.post("/api/inboxes", json={"name": f"Vy {unique_name}", "kind": "work_group"}, headers=admin)
    inbox_id: str = response.json()["id"]
    return inbox_id


async def publish_cases(rabbitmq_url: str, inbox_id: str, cases: list[dict[str, object]]) -> list[str]:
    ids = []
    for n, fields in enumerate(cases):
        case_id = str(uuid.uuid4())
        ids.append(case_id)
        summary = case_summary(
            case_id=case_id,
            inbox_id=inbox_id,
            number=f"2026-{n + 1:06d}",
            arrived_at=DEFAULT_TIME + timedelta(minutes=n),
            **fields,
        )
        await publish_event(rabbitmq_url, CaseCreatedV1(case=summary), source="case-service")
    return ids


async def page(api: httpx.AsyncClient, path: str, headers: dict[str, str], **params: object) -> dict[str, object]:
    response = await api.get(path, headers=headers, params=params)
    assert response.status_code == 200, response.text
    body: dict[str, object] = response.json()
    return body


def titles(body: dict[str, object]) -> list[str]:
    return [item["title"] for item in body["items"]]  # type: ignore[attr-defined]


async def until_listed(api: httpx.AsyncClient, inbox_id: str, headers: dict[str, str], count: int) -> None:
    async def listed() -> bool:
        return (await page(api, f"/api/inboxes/{inbox_id}/cases", headers))["total"] == count

    await eventually(listed, what=f"{count} cases listed")


CASES: list[dict[str, object]] = [
    {"title": "Örebro", "status": "new", "customer_display_name": "Åsa Öberg", "case_types": ("Avfall",)},
    {
        "title": "alby",
        "status": "in_progress",
        "officer_id": "u-anna",
        "officer_name": "Anna Andersson",
        "case_types": ("Gata", "Avfall"),
    },
    {"title": "Zinkgruva", "status": "new", "priority": "urgent"},
    {
        "title": "Åre",
        "status": "waiting",
        "officer_id": "u-anna",
        "officer_name": "Anna Andersson",
        "case_types": ("Gata",),
    },
]


async def test_sort_any_column_both_ways_within_the_tier(
    api: httpx.AsyncClient, admin: dict[str, str], rabbitmq_url: str, inbox: str
) -> None:
    await publish_cases(rabbitmq_url, inbox, CASES)
    await until_listed(api, inbox, admin, 4)
    path = f"/api/inboxes/{inbox}/cases"
    assert titles(await page(api, path, admin, sort="title")) == ["Zinkgruva", "alby", "Åre", "Örebro"]
    assert titles(await page(api, path, admin, sort="title", order="desc")) == ["Zinkgruva", "Örebro", "Åre", "alby"]
    assert titles(await page(api, path, admin, sort="status")) == ["Zinkgruva", "Örebro", "alby", "Åre"]
    bad = await api.get(path, headers=admin, params={"sort": "colour"})
    assert bad.status_code == 422
    assert bad.json()["errors"][0]["field"] == "query.sort"


async def test_filters_by_text_status_officer_and_case_type(
    api: httpx.AsyncClient, admin: dict[str, str], rabbitmq_url: str, inbox: str
) -> None:
    await publish_cases(rabbitmq_url, inbox, CASES)
    await until_listed(api, inbox, admin, 4)
    path = f"/api/inboxes/{inbox}/cases"
    assert titles(await page(api, path, admin, q="oberg")) == ["Örebro"]
    assert titles(await page(api, path, admin, q="2026-000002")) == ["alby"]
    assert titles(await page(api, path, admin, status=["waiting", "in_progress"])) == ["alby", "Åre"]
    assert titles(await page(api, path, admin, officer="none")) == ["Zinkgruva", "Örebro"]
    assert titles(await page(api, path, admin, officer="u-anna", case_type="Gata")) == ["alby", "Åre"]


async def test_group_by_a_column_with_counts(
    api: httpx.AsyncClient, admin: dict[str, str], rabbitmq_url: str, inbox: str
) -> None:
    await publish_cases(rabbitmq_url, inbox, CASES)
    await until_listed(api, inbox, admin, 4)
    path = f"/api/inboxes/{inbox}/cases"
    by_status = await page(api, path, admin, group_by="status")
    groups = {(g["value"], g["label"], g["count"]) for g in by_status["groups"]}  # type: ignore[attr-defined]
    assert groups == {("new", "Ny", 2), ("in_progress", "Pågående", 1), ("waiting", "Vilande", 1)}
    assert titles(by_status) == ["Zinkgruva", "Örebro", "alby", "Åre"]
    by_officer = await page(api, path, admin, group_by="officer")
    assert {(g["label"], g["count"]) for g in by_officer["groups"]} == {  # type: ignore[attr-defined]
        ("Anna Andersson", 2),
        ("Ingen handläggare", 2),
    }
    by_type = await page(api, path, admin, group_by="case_type")
    assert [(g["value"], g["count"]) for g in by_type["groups"]] == [  # type: ignore[attr-defined]
        ("Avfall", 2),
        ("Gata", 2),
        ("Ingen ärendetyp", 1),
    ]


async def test_my_cases_across_inboxes_with_favourites(
    api: httpx.AsyncClient, admin: dict[str, str], rabbitmq_url: str, dev_issuer: DevIssuer, unique_name: str
) -> None:
    first = (
        await api.post("/api/inboxes", json={"name": f"A {unique_name}", "kind": "work_group"}, headers=admin)
    ).json()["id"]
    second = (
        await api.post("/api/inboxes", json={"name": f"B {unique_name}", "kind": "specialist_group"}, headers=admin)
    ).json()["id"]
    me = f"u-{unique_name}"
    created = await api.post(
        "/api/inboxes/users",
        headers=admin,
        json={"id": me, "username": me, "name": "Mia Månsson", "roles": ["officer"], "inbox_ids": [first, second]},
    )
    assert created.status_code == 201
    mine = {"officer_id": me, "officer_name": "Mia Månsson"}
    ids = await publish_cases(rabbitmq_url, first, [{"title": "mitt A", **mine}, {"title": "annans"}])
    ids += await publish_cases(
        rabbitmq_url, second, [{"title": "mitt B", **mine}, {"title": "hemligt", "confidential": True, **mine}]
    )
    headers = bearer(dev_issuer.issue(sub=me, username=me, name="Mia", roles=["officer"]))

    async def my_titles(**params: object) -> list[str]:
        return titles(await page(api, "/api/inboxes/my-cases", headers, **params))

    await eventually(lambda: _equal(my_titles(), ["mitt A", "mitt B"]), what="my cases")
    favourites = FavouritesSnapshot(user_id=me, case_ids=(ids[2],), version=1)
    await publish_event(rabbitmq_url, FavouritesChangedV1(favourites=favourites), source="case-service")
    await eventually(lambda: _equal(my_titles(favourites_only=True), ["mitt B"]), what="favourites only")
    listed = await page(api, "/api/inboxes/my-cases", headers)
    assert [item["favourite"] for item in listed["items"]] == [False, True]  # type: ignore[attr-defined]


async def test_the_row_shows_who_holds_the_lock_and_since_when_until_it_is_released(
    api: httpx.AsyncClient, admin: dict[str, str], rabbitmq_url: str, dev_issuer: DevIssuer, inbox: str
) -> None:
    me = f"u-{uuid.uuid4().hex[:8]}"
    created = await api.post(
        "/api/inboxes/users",
        headers=admin,
        json={"id": me, "username": me, "name": "Mia Månsson", "roles": ["officer"], "inbox_ids": [inbox]},
    )
    assert created.status_code == 201
    mia = bearer(dev_issuer.issue(sub=me, username=me, name="Mia Månsson", roles=["officer"]))
    (case_id,) = await publish_cases(rabbitmq_url, inbox, [{"title": "Låst", "officer_id": me, "officer_name": "Mia"}])
    await until_listed(api, inbox, admin, 1)
    assert _lock_of(await _row(api, f"/api/inboxes/{inbox}/cases", mia)) == (False, None, None, None)

    locked_at = datetime(2026, 11, 2, 9, 15, tzinfo=UTC)
    lock = CaseLockSummary(
        locked_by="u-bengt",
        locked_by_name="Bengt Berg",
        locked_at=locked_at,
        expires_at=locked_at + timedelta(minutes=30),
    )
    base: dict[str, Any] = {"case_id": case_id, "inbox_id": inbox, "title": "Låst", "officer_id": me}
    locked = case_summary(**base, flags={"locked": True}, lock=lock, version=2)
    await publish_event(rabbitmq_url, CaseUpdatedV1(case=locked), source="case-service")
    expected = (True, "u-bengt", "Bengt Berg", locked_at)
    for path in (f"/api/inboxes/{inbox}/cases", "/api/inboxes/my-cases"):

        async def shows_holder(path: str = path) -> bool:
            return _lock_of(await _row(api, path, mia)) == expected

        await eventually(shows_holder, what=f"the lock holder in {path}")

    await publish_event(rabbitmq_url, CaseUpdatedV1(case=case_summary(**base, version=3)), source="case-service")

    async def cleared() -> bool:
        return _lock_of(await _row(api, f"/api/inboxes/{inbox}/cases", mia)) == (False, None, None, None)

    await eventually(cleared, what="the lock cleared from the row")

    # A rebuild replays the same summary as case.snapshot.v1, lock included.
    again = case_summary(**base, flags={"locked": True}, lock=lock, version=4)
    await publish_event(rabbitmq_url, CaseSnapshotV1(case=again), source="case-service")

    async def replayed() -> bool:
        return _lock_of(await _row(api, f"/api/inboxes/{inbox}/cases", mia)) == expected

    await eventually(replayed, what="the lock holder replayed")


async def _row(api: httpx.AsyncClient, path: str, headers: dict[str, str]) -> dict[str, Any]:
    items: list[dict[str, Any]] = (await page(api, path, headers))["items"]  # type: ignore[assignment]
    assert len(items) == 1
    return items[0]


def _lock_of(row: dict[str, Any]) -> tuple[object, ...]:
    locked_at = row["locked_at"] and datetime.fromisoformat(row["locked_at"])
    return (row["locked"], row["locked_by"], row["locked_by_name"], locked_at)


async def _equal(awaitable: object, expected: list[str]) -> bool:
    return await awaitable == expected  # type: ignore[misc]
