"""Problem details, If-Match and authentication on a small app built from the kit's parts."""

from pathlib import Path
from typing import Annotated

import httpx
import pytest
from fastapi import FastAPI, Query
from pydantic import BaseModel, Field

from arendo_kit.auth import AdminUser, CurrentUser, TokenVerifier
from arendo_kit.devauth import DevIssuer
from arendo_kit.errors import Conflict
from arendo_kit.http import install_request_middleware
from arendo_kit.logging import CORRELATION_HEADER
from arendo_kit.problems import PROBLEM_JSON, install_problem_handlers
from arendo_kit.versioning import IfMatchVersion

pytestmark = pytest.mark.unit


class Customer(BaseModel):
    email: str = Field(pattern=r"^[^@\s]+@[^@\s]+$")


class Body(BaseModel):
    title: str = Field(min_length=1)
    customer: Customer


@pytest.fixture(scope="module")
def issuer(tmp_path_factory: pytest.TempPathFactory) -> DevIssuer:
    return DevIssuer(Path(tmp_path_factory.mktemp("keys")))


@pytest.fixture
def client(issuer: DevIssuer) -> httpx.AsyncClient:
    app = FastAPI()
    app.state.token_verifier = TokenVerifier(
        issuer=issuer.issuer, audience=issuer.audience, public_key=issuer.public_key_pem()
    )
    install_problem_handlers(app)
    install_request_middleware(app)

    @app.post("/things")
    async def create(body: Body, _: CurrentUser, limit: Annotated[int, Query(ge=1)] = 1) -> dict[str, str]:
        return {"title": body.title}

    @app.put("/things/{thing_id}")
    async def replace(thing_id: str, version: IfMatchVersion, _: CurrentUser) -> dict[str, int]:
        if thing_id == "taken":
            raise Conflict("Finns redan", field="name")
        return {"version": version}

    @app.get("/admin")
    async def admin(_: AdminUser) -> dict[str, bool]:
        return {"ok": True}

    @app.get("/boom")
    async def boom(_: CurrentUser) -> None:
        raise RuntimeError("a bug")

    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app, raise_app_exceptions=False), base_url="http://t")


def bearer(issuer: DevIssuer, *roles: str) -> dict[str, str]:
    return {
        "Authorization": "Bearer " + issuer.issue(sub="u-1", username="u1", name="U", roles=list(roles) or ["officer"])
    }


async def test_no_token_is_401_problem(client: httpx.AsyncClient) -> None:
    response = await client.post("/things", json={})
    assert response.status_code == 401
    assert response.headers["content-type"] == PROBLEM_JSON
    assert response.headers["www-authenticate"] == "Bearer"
    assert response.json()["status"] == 401


async def test_validation_errors_name_each_field(client: httpx.AsyncClient, issuer: DevIssuer) -> None:
    response = await client.post(
        "/things?limit=0", json={"title": "", "customer": {"email": "nope"}}, headers=bearer(issuer)
    )
    assert response.status_code == 422
    problem = response.json()
    fields = {e["field"] for e in problem["errors"]}
    assert fields == {"title", "customer.email", "query.limit"}
    assert "customer.email" in problem["detail"]


async def test_malformed_json_is_a_problem_not_a_crash(client: httpx.AsyncClient, issuer: DevIssuer) -> None:
    response = await client.post(
        "/things", content=b"{not json", headers={**bearer(issuer), "content-type": "application/json"}
    )
    assert response.status_code == 422
    assert response.headers["content-type"] == PROBLEM_JSON


async def test_if_match_is_required_and_parsed(client: httpx.AsyncClient, issuer: DevIssuer) -> None:
    missing = await client.put("/things/a", headers=bearer(issuer))
    assert missing.status_code == 428
    assert missing.json()["errors"][0]["field"] == "If-Match"
    bad = await client.put("/things/a", headers={**bearer(issuer), "If-Match": "abc"})
    assert bad.status_code == 422
    ok = await client.put("/things/a", headers={**bearer(issuer), "If-Match": 'W/"7"'})
    assert ok.json() == {"version": 7}


async def test_domain_errors_become_problems(client: httpx.AsyncClient, issuer: DevIssuer) -> None:
    response = await client.put("/things/taken", headers={**bearer(issuer), "If-Match": '"1"'})
    assert response.status_code == 409
    assert response.json()["errors"] == [{"field": "name", "message": "Finns redan"}]


async def test_roles_are_enforced(client: httpx.AsyncClient, issuer: DevIssuer) -> None:
    assert (await client.get("/admin", headers=bearer(issuer, "officer"))).status_code == 403
    assert (await client.get("/admin", headers=bearer(issuer, "admin"))).status_code == 200


async def test_unknown_paths_and_bugs_are_problems(client: httpx.AsyncClient, issuer: DevIssuer) -> None:
    missing = await client.get("/nowhere")
    assert missing.status_code == 404
    assert missing.headers["content-type"] == PROBLEM_JSON
    bug = await client.get("/boom", headers=bearer(issuer))
    assert bug.status_code == 500
    assert "a bug" not in bug.text  # internals are logged, not shown


async def test_the_correlation_id_is_kept_or_made(client: httpx.AsyncClient) -> None:
    kept = await client.get("/nowhere", headers={CORRELATION_HEADER: "abc-123"})
    assert kept.headers[CORRELATION_HEADER] == "abc-123"
    made = await client.get("/nowhere")
    assert len(made.headers[CORRELATION_HEADER]) == 36
