"""The demo municipality: inboxes with their diary plans and users, created through the API
if they are not there yet, so a second `make up` keeps what the first one made."""

import json
from importlib import resources
from typing import Any

import httpx


def seed_data() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(resources.files("arendo_local").joinpath("seed.json").read_text())
    return data


def seed(*, edge_url: str, admin_token: str, data: dict[str, Any] | None = None) -> list[str]:
    """Create what is missing; returns a line per register item created."""
    data = data or seed_data()
    created: list[str] = []
    headers = {"Authorization": f"Bearer {admin_token}"}
    with httpx.Client(base_url=edge_url, headers=headers, timeout=30) as client:
        for inbox in data["inboxes"]:
            if _missing(client, f"/api/inboxes/{inbox['id']}"):
                _created(client.post("/api/inboxes", json=inbox))
                created.append(f"inkorg {inbox['name']}")
        for user in data["users"]:
            if _missing(client, f"/api/inboxes/users/{user['id']}"):
                _created(client.post("/api/inboxes/users", json=user))
                created.append(f"användare {user['username']}")
    return created


def _missing(client: httpx.Client, path: str) -> bool:
    response = client.get(path)
    if response.status_code == 404:
        return True
    response.raise_for_status()
    return False


def _created(response: httpx.Response) -> None:
    if response.status_code != 201:
        raise RuntimeError(f"seeding failed: {response.status_code} {response.text}")
