"""The case-service in-process as Bengt Berg, and what its tests set up through the inbox-service's events: inboxes,
users, cases. The helpers are fixtures because test directories are not importable (`--import-mode=importlib`)."""

import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from arendo_contracts.events.inbox import InboxCreatedV1, UserCreatedV1, UserSnapshot
from arendo_contracts.events.registers import ConfidentialityParagraphChangedV1, ConfidentialityParagraphSnapshot
from arendo_contracts.vocabulary import Role
from arendo_kit.devauth import DevIssuer
from arendo_kit.testing.apps import running_app
from arendo_kit.testing.events import publish_event
from arendo_kit.testing.factories import inbox_snapshot, service_settings
from arendo_kit.testing.fixture_types import AsUser, NewCase, NewInbox, NewUser, ReadCase
from arendo_kit.testing.http import bearer, if_match
from arendo_kit.testing.polling import eventually
from case_service.main import create_app
from case_service.settings import Settings


@pytest.fixture
def settings(mongodb_url: str, rabbitmq_url: str, dev_issuer: DevIssuer, unique_name: str) -> Settings:
    return service_settings(
        Settings, mongodb_url=mongodb_url, rabbitmq_url=rabbitmq_url, issuer=dev_issuer, database=f"case_{unique_name}"
    )


@pytest.fixture
def officer_token(dev_issuer: DevIssuer) -> str:
    return dev_issuer.issue(sub="u-bengt", username="bengt", name="Bengt Berg", roles=["officer"])


@pytest.fixture
def app(settings: Settings) -> FastAPI:
    return create_app(settings)


@pytest.fixture
async def api(app: FastAPI, officer_token: str) -> AsyncIterator[httpx.AsyncClient]:
    """The API as Bengt Berg (u-bengt, officer), with the app at hand as `api.app` for its stores, replicas and
    timers."""
    async with running_app(app, token=officer_token) as client:
        client.app = app  # type: ignore[attr-defined]
        yield client


@pytest.fixture
def as_user(dev_issuer: DevIssuer) -> AsUser:
    """`as_user(user_id, name, *roles)`: the Authorization header to call `api` as another user (an officer unless
    roles are named)."""

    def headers(user_id: str, name: str, *roles: str) -> dict[str, str]:
        username = user_id.removeprefix("u-")
        return bearer(dev_issuer.issue(sub=user_id, username=username, name=name, roles=roles or ("officer",)))

    return headers


@pytest.fixture
def new_inbox_via(rabbitmq_url: str) -> Callable[..., Awaitable[str]]:
    """`await new_inbox_via(client, **overrides)`: `new_inbox` for a test that runs its own instances, waiting until
    the one behind `client` takes cases in the inbox."""

    async def replicated(client: httpx.AsyncClient, **overrides: Any) -> str:
        inbox_id: str = overrides.pop("inbox_id", None) or f"inkorg-{uuid.uuid4().hex[:8]}"
        snapshot = inbox_snapshot(**{"name": f"Kundtjänst {inbox_id[-4:]}", **overrides, "inbox_id": inbox_id})
        await publish_event(rabbitmq_url, InboxCreatedV1(inbox=snapshot), source="inbox-service")

        async def accepted() -> bool:
            return (await client.post("/api/cases", json={"inbox_id": inbox_id, "title": "Prov"})).status_code == 201

        await eventually(accepted, what=f"inbox {inbox_id} replicated")
        return inbox_id

    return replicated


@pytest.fixture
def new_inbox(api: httpx.AsyncClient, new_inbox_via: Callable[..., Awaitable[str]]) -> NewInbox:
    """`await new_inbox(**overrides)`: a fresh inbox announced as the inbox-service does, once the case-service takes
    cases in it (a probe case "Prov" shows it); returns its id. The overrides go into the inbox snapshot: `diary_plan`,
    `reply_time_limit_hours`, `kind`, `name` (else "Kundtjänst" and the id's last four), a fixed `inbox_id`."""

    async def replicated(**overrides: Any) -> str:
        return await new_inbox_via(api, **overrides)

    return replicated


@pytest.fixture
def new_case(api: httpx.AsyncClient, new_inbox: NewInbox) -> NewCase:
    """`await new_case(inbox_id=None, title=None, **fields)`: a case Bengt registered (201), as answered; in a fresh
    inbox unless one is named. Without a title the case-service gives its own (from the case type); the other fields
    go into the registration as they are."""

    async def registered(inbox_id: str | None = None, title: str | None = None, **fields: Any) -> dict[str, Any]:
        body = {"inbox_id": inbox_id or await new_inbox(), **({"title": title} if title is not None else {}), **fields}
        response = await api.post("/api/cases", json=body)
        assert response.status_code == 201, response.text
        case: dict[str, Any] = response.json()
        return case

    return registered


@pytest.fixture
def read_case(api: httpx.AsyncClient) -> ReadCase:
    """`await read_case(case_or_id, **headers)`: the case as it is now (200 asserted), read as Bengt or as the caller
    the headers name."""

    async def current(case: dict[str, Any] | str, **headers: str) -> dict[str, Any]:
        case_id = case if isinstance(case, str) else case["id"]
        response = await api.get(f"/api/cases/{case_id}", headers=headers)
        assert response.status_code == 200, response.text
        body: dict[str, Any] = response.json()
        return body

    return current


@pytest.fixture
def new_user(api: httpx.AsyncClient, rabbitmq_url: str) -> NewUser:
    """`await new_user(user_id, name, *inbox_ids, **changes)`: a user announced as the inbox-service does (an officer
    of those inboxes unless `changes` say otherwise: `roles`, `active`, `confidential_inbox_ids`, ...), once the
    case-service has replicated them."""
    replicas = api.app.state.context.registers  # type: ignore[attr-defined]

    async def replicated(user_id: str, name: str, *inbox_ids: str, **changes: Any) -> UserSnapshot:
        fields: dict[str, Any] = dict(
            user_id=user_id,
            username=user_id.removeprefix("u-"),
            name=name,
            roles=(Role.OFFICER,),
            inbox_ids=inbox_ids,
            version=1,
        )
        user = UserSnapshot.model_validate({**fields, **changes})
        await publish_event(rabbitmq_url, UserCreatedV1(user=user), source="inbox-service")

        async def known() -> bool:
            return await replicas.users.get(user_id) is not None

        await eventually(known, what=f"user {user_id} replicated")
        return user

    return replicated


@pytest.fixture
def mark_confidential(api: httpx.AsyncClient, rabbitmq_url: str) -> Callable[..., Awaitable[dict[str, Any]]]:
    """`await mark_confidential(case, **headers)`: the case marked confidential (OSL 26 kap. 1 §) by the caller the
    headers name, one who may read confidential cases in its inbox, once the paragraph is replicated; returns the case
    as changed."""
    paragraph = ConfidentialityParagraphSnapshot(
        paragraph_id="osl-26-1", code="OSL 26 kap. 1 §", title="Socialtjänst", version=1
    )

    async def marked(case: dict[str, Any], **headers: str) -> dict[str, Any]:
        await publish_event(
            rabbitmq_url, ConfidentialityParagraphChangedV1(paragraph=paragraph), source="inbox-service"
        )
        body = {"confidential": True, "paragraph_id": paragraph.paragraph_id}

        async def changed() -> dict[str, Any] | None:
            url = f"/api/cases/{case['id']}/confidentiality"
            response = await api.put(url, json=body, headers={**headers, **if_match(case)})
            return response.json() if response.status_code == 200 else None

        return await eventually(changed, what="paragraph replicated and the case marked")

    return marked
