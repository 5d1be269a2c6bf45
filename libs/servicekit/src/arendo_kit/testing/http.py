"""The HTTP surface every service shares, from a test's side: who calls, which version, what was refused."""

from collections.abc import Mapping
from typing import Any

import httpx

from arendo_kit.versioning import etag


def bearer(token: str) -> dict[str, str]:
    """The Authorization header that carries a token (from `DevIssuer.issue`)."""
    return {"Authorization": f"Bearer {token}"}


def if_match(read: int | str | Mapping[str, Any]) -> dict[str, str]:
    """The If-Match header of a change: for the resource as read (its `version`), a version number, or an ETag as
    answered (sent as it is)."""
    if isinstance(read, str):
        return {"If-Match": read}
    return {"If-Match": etag(read if isinstance(read, int) else read["version"])}


def problem_fields(response: httpx.Response) -> set[str]:
    """The input fields an RFC 9457 problem names in its `errors`: what a refusal says was wrong."""
    errors: list[dict[str, Any]] = response.json().get("errors") or []
    return {error["field"] for error in errors if error.get("field") is not None}
