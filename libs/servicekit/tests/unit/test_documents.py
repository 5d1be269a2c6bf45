"""What a document looks like when it reaches MongoDB."""

from datetime import UTC, datetime

import pytest
from pydantic import BaseModel

from arendo_contracts.vocabulary import Priority
from arendo_kit.mongo import to_document

pytestmark = pytest.mark.unit


class Inner(BaseModel):
    tags: tuple[str, ...]
    note: str | None = None


class Outer(BaseModel):
    priority: Priority
    at: datetime
    inner: Inner
    missing: str | None = None


def test_documents_keep_datetimes_and_plain_values_and_omit_nulls() -> None:
    at = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
    doc = to_document(Outer(priority=Priority.URGENT, at=at, inner=Inner(tags=("a", "b"))))
    assert doc == {"priority": "urgent", "at": at, "inner": {"tags": ["a", "b"]}}
    assert type(doc["priority"]) is str
