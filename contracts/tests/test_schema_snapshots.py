"""The JSON schema of every message is pinned, so an accidental change to a contract fails here.

A deliberate compatible addition: run `UPDATE_SNAPSHOTS=1 make test` and commit the snapshot.
A breaking change needs a new model with a new major version instead (ARCHITECTURE.md, Messages).
"""

import json
import os
from pathlib import Path

import pytest

from arendo_contracts import Message, all_messages
from arendo_contracts.envelope import CloudEvent

pytestmark = pytest.mark.unit

SNAPSHOTS = Path(__file__).parent / "snapshots"
SUBJECTS: list[tuple[str, type[Message] | type[CloudEvent]]] = [
    ("cloudevent-envelope", CloudEvent),
    *((m.routing_key, m) for m in all_messages()),
]


@pytest.mark.parametrize(("name", "model"), SUBJECTS, ids=[name for name, _ in SUBJECTS])
def test_schema_matches_its_snapshot(name: str, model: type[Message] | type[CloudEvent]) -> None:
    current = json.dumps(model.model_json_schema(), indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    snapshot = SNAPSHOTS / f"{name}.json"
    if os.environ.get("UPDATE_SNAPSHOTS") == "1":
        snapshot.write_text(current)
    assert snapshot.exists(), f"no snapshot for {name}; run with UPDATE_SNAPSHOTS=1 once and commit it"
    assert current == snapshot.read_text(), f"the schema of {name} drifted from {snapshot.name}"


def test_every_snapshot_belongs_to_a_message() -> None:
    names = {name for name, _ in SUBJECTS}
    orphans = sorted(p.stem for p in SNAPSHOTS.glob("*.json") if p.stem not in names)
    assert orphans == [], f"snapshots without a message (a removed contract?): {orphans}"
