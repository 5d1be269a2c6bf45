"""Wait for asynchronous effects by polling with a deadline, never by a fixed sleep."""

import asyncio
import time
from collections.abc import Awaitable, Callable
from typing import TypeVar

T = TypeVar("T")


class NotYet(AssertionError):
    pass


async def eventually(
    probe: Callable[[], Awaitable[T | None]], *, timeout: float = 15.0, interval: float = 0.1, what: str = "condition"
) -> T:
    """Call `probe` until it returns a truthy value (returned) or the deadline passes (fails)."""
    deadline = time.monotonic() + timeout
    while True:
        last = await probe()
        if last:
            return last
        if time.monotonic() > deadline:
            raise NotYet(f"{what} not met within {timeout}s (last value: {last!r})")
        await asyncio.sleep(interval)


def eventually_sync(
    probe: Callable[[], T | None], *, timeout: float = 15.0, interval: float = 0.1, what: str = "condition"
) -> T:
    deadline = time.monotonic() + timeout
    while True:
        last = probe()
        if last:
            return last
        if time.monotonic() > deadline:
            raise NotYet(f"{what} not met within {timeout}s (last value: {last!r})")
        time.sleep(interval)
