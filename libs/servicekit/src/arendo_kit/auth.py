"""Bearer JWT authentication (RS256). The issuer and its JWKS URL or public key are settings."""

import asyncio
from collections.abc import Callable, Coroutine
from typing import Annotated, Any

import jwt
from fastapi import Depends, Request
from pydantic import BaseModel, ConfigDict

from arendo_contracts.vocabulary import Role
from arendo_kit.errors import Forbidden, Unauthenticated

ALGORITHMS = ["RS256"]


class User(BaseModel):
    """The authenticated caller, from the token's claims."""

    model_config = ConfigDict(frozen=True)

    id: str
    username: str
    name: str
    roles: frozenset[Role]

    def has_role(self, role: Role) -> bool:
        return role in self.roles

    @property
    def is_admin(self) -> bool:
        return Role.ADMIN in self.roles


class TokenVerifier:
    def __init__(
        self, *, issuer: str, audience: str, public_key: str | None = None, jwks_url: str | None = None
    ) -> None:
        if not public_key and not jwks_url:
            raise ValueError("set either a JWT public key or a JWKS URL")
        self.issuer = issuer
        self.audience = audience
        self._public_key = public_key
        self._jwks = jwt.PyJWKClient(jwks_url, cache_keys=True, lifespan=300) if jwks_url else None

    async def verify(self, token: str) -> User:
        try:
            key: Any = self._public_key
            if self._jwks is not None:
                # PyJWKClient fetches over blocking HTTP (and caches); keep it off the event loop.
                key = (await asyncio.to_thread(self._jwks.get_signing_key_from_jwt, token)).key
            claims = jwt.decode(
                token,
                key,
                algorithms=ALGORITHMS,
                audience=self.audience,
                issuer=self.issuer,
                options={"require": ["exp", "iat", "sub", "iss", "aud"]},
            )
        except jwt.PyJWTError as exc:
            raise Unauthenticated(f"Invalid bearer token: {exc}") from exc
        return user_from_claims(claims)


def user_from_claims(claims: dict[str, Any]) -> User:
    raw_roles = claims.get("roles", [])
    known = {r.value for r in Role}
    roles = frozenset(Role(r) for r in raw_roles if isinstance(r, str) and r in known)
    username = str(claims.get("preferred_username") or claims["sub"])
    return User(id=str(claims["sub"]), username=username, name=str(claims.get("name") or username), roles=roles)


def bearer_token(request: Request) -> str:
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Unauthenticated("A bearer token is required (Authorization: Bearer <token>)")
    return token.strip()


async def get_current_user(request: Request) -> User:
    verifier: TokenVerifier = request.app.state.token_verifier
    return await verifier.verify(bearer_token(request))


CurrentUser = Annotated[User, Depends(get_current_user)]


def require_role(*roles: Role) -> Callable[[User], Coroutine[Any, Any, User]]:
    async def check(user: CurrentUser) -> User:
        if not user.roles.intersection(roles):
            names = ", ".join(r.value for r in roles)
            raise Forbidden(f"This requires one of the roles: {names}")
        return user

    return check


AdminUser = Annotated[User, Depends(require_role(Role.ADMIN))]
