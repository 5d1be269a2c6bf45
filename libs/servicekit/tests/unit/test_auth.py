"""Bearer JWT verification against the development issuer's key."""

import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import jwt
import pytest

from arendo_contracts.vocabulary import Role
from arendo_kit.auth import TokenVerifier, user_from_claims
from arendo_kit.devauth import DevIssuer
from arendo_kit.errors import Unauthenticated

pytestmark = pytest.mark.unit


@pytest.fixture(scope="module")
def issuer(tmp_path_factory: pytest.TempPathFactory) -> DevIssuer:
    return DevIssuer(Path(tmp_path_factory.mktemp("keys")))


def verifier(issuer: DevIssuer, **overrides: str) -> TokenVerifier:
    options = {"issuer": issuer.issuer, "audience": issuer.audience, "public_key": issuer.public_key_pem()}
    return TokenVerifier(**{**options, **overrides})


async def test_a_valid_token_gives_the_user(issuer: DevIssuer) -> None:
    token = issuer.issue(sub="u-anna", username="anna", name="Anna Andersson", roles=["officer", "admin"])
    user = await verifier(issuer).verify(token)
    assert (user.id, user.username, user.name) == ("u-anna", "anna", "Anna Andersson")
    assert user.roles == {Role.OFFICER, Role.ADMIN}
    assert user.is_admin


async def test_an_expired_token_is_refused(issuer: DevIssuer) -> None:
    token = issuer.issue(sub="u-anna", username="anna", name="Anna", roles=["officer"], ttl_seconds=-10)
    with pytest.raises(Unauthenticated, match="expired"):
        await verifier(issuer).verify(token)


async def test_a_token_for_another_audience_is_refused(issuer: DevIssuer) -> None:
    token = issuer.issue(sub="u-anna", username="anna", name="Anna", roles=["officer"])
    with pytest.raises(Unauthenticated, match=r"(?i)audience"):
        await verifier(issuer, audience="another-system").verify(token)


async def test_a_token_signed_by_another_key_is_refused(issuer: DevIssuer, tmp_path: Path) -> None:
    forger = DevIssuer(tmp_path / "other")
    token = forger.issue(sub="u-anna", username="anna", name="Anna", roles=["admin"])
    with pytest.raises(Unauthenticated, match="Signature"):
        await verifier(issuer).verify(token)


async def test_an_unsigned_token_is_refused(issuer: DevIssuer) -> None:
    now = int(time.time())
    claims = {"iss": issuer.issuer, "aud": issuer.audience, "sub": "u-x", "iat": now, "exp": now + 60}
    token = jwt.encode(claims, key=None, algorithm="none")
    with pytest.raises(Unauthenticated):
        await verifier(issuer).verify(token)


def test_unknown_roles_are_ignored() -> None:
    user = user_from_claims({"sub": "u-1", "roles": ["officer", "superuser", 5]})
    assert user.roles == {Role.OFFICER}
    assert user.username == "u-1"


def test_the_issuer_keeps_its_key_between_runs(tmp_path: Path) -> None:
    first = DevIssuer(tmp_path)
    assert DevIssuer(tmp_path).public_key_pem() == first.public_key_pem()


def test_a_verifier_needs_a_key_source() -> None:
    with pytest.raises(ValueError, match="public key or a JWKS URL"):
        TokenVerifier(issuer="x", audience="y")


@pytest.fixture
def jwks_url(issuer: DevIssuer) -> Iterator[str]:
    """A local HTTP server that serves the issuer's key set, as an OIDC provider does."""
    body = json.dumps(issuer.jwks()).encode()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/.well-known/jwks.json"
    server.shutdown()


async def test_keys_can_come_from_a_jwks_url(issuer: DevIssuer, jwks_url: str) -> None:
    token = issuer.issue(sub="u-anna", username="anna", name="Anna", roles=["officer"])
    from_jwks = TokenVerifier(issuer=issuer.issuer, audience=issuer.audience, jwks_url=jwks_url)
    assert (await from_jwks.verify(token)).id == "u-anna"
