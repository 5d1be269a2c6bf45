"""MongoDB access through PyMongo's async API, kept to the portable subset (ARCHITECTURE.md, Storage)."""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from enum import Enum
from typing import Any

from pydantic import BaseModel
from pymongo import AsyncMongoClient
from pymongo.asynchronous.database import AsyncDatabase

Document = dict[str, Any]


def connect(url: str, *, timeout_ms: int = 5000, socket_timeout_ms: int = 30_000) -> AsyncMongoClient[Document]:
    # tz_aware: every datetime we read back is UTC-aware, like the ones we wrote. The socket
    # timeout turns a server that stops answering into an error the caller retries, instead of
    # a request or message handler that waits forever.
    return AsyncMongoClient(
        url,
        tz_aware=True,
        serverSelectionTimeoutMS=timeout_ms,
        socketTimeoutMS=socket_timeout_ms,
        uuidRepresentation="standard",
    )


async def ping(db: AsyncDatabase[Document]) -> bool:
    try:
        await db.command("ping")
    except Exception:  # noqa: BLE001 - any failure means "not ready"
        return False
    return True


@dataclass(frozen=True)
class IndexSpec:
    collection: str
    keys: Sequence[tuple[str, int]]
    unique: bool = False
    name: str | None = None
    partial: Mapping[str, Any] | None = field(default=None)

    def index_name(self) -> str:
        return self.name or "_".join(f"{k}_{d}" for k, d in self.keys)


async def ensure_indexes(db: AsyncDatabase[Document], specs: Iterable[IndexSpec]) -> None:
    """Create the indexes a service needs at start-up; creating an existing index is a no-op."""
    for spec in specs:
        options: dict[str, Any] = {"name": spec.index_name(), "unique": spec.unique}
        if spec.partial is not None:
            options["partialFilterExpression"] = dict(spec.partial)
        await db[spec.collection].create_index(list(spec.keys), **options)


def to_document(value: BaseModel | Mapping[str, Any]) -> Document:
    """A BSON-safe document: enums as values, tuples as lists, None fields omitted, datetimes kept."""
    raw = value.model_dump(mode="python") if isinstance(value, BaseModel) else dict(value)
    cleaned = _clean(raw)
    assert isinstance(cleaned, dict)
    return cleaned


def _clean(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {str(k): _clean(v) for k, v in value.items() if v is not None}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [_clean(v) for v in value]
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime | str | int | float | bool | bytes):
        return value
    if isinstance(value, BaseModel):
        return _clean(value.model_dump(mode="python"))
    return str(value)
