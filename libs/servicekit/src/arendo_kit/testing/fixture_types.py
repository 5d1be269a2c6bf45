"""The types of the factory fixtures a service's conftest provides, so a test names what it asks for in a word.

A factory fixture returns a callable that sets something up through the service under test (and the events it
consumes) and waits until it is there; a test calls it as often as it needs, with only what it cares about.
"""

from typing import Any, Protocol

from arendo_contracts.events.inbox import UserSnapshot


class NewInbox(Protocol):
    """An inbox announced as the inbox-service does, once the service under test knows it; returns its id. The
    keyword arguments override the inbox snapshot (see `factories.inbox_snapshot`)."""

    async def __call__(self, **overrides: Any) -> str: ...


class NewUser(Protocol):
    """A user announced as the inbox-service does, member of `inbox_ids`, once the service under test knows them;
    the keyword arguments override the user snapshot."""

    async def __call__(self, user_id: str, name: str, *inbox_ids: str, **changes: Any) -> UserSnapshot: ...


class NewCase(Protocol):
    """A case registered through the API (its success asserted), as answered; in a fresh inbox unless one is named.
    The keyword arguments go into the registration."""

    async def __call__(
        self, inbox_id: str | None = None, title: str | None = None, **fields: Any
    ) -> dict[str, Any]: ...


class ReadCase(Protocol):
    """A case (or its id) as it is now (the read's success asserted), as the caller the headers name or the default
    one."""

    async def __call__(self, case: dict[str, Any] | str, **headers: str) -> dict[str, Any]: ...


class AsUser(Protocol):
    """The headers to call the API as another user, with these roles (an officer when none are named)."""

    def __call__(self, user_id: str, name: str, *roles: str) -> dict[str, str]: ...
