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
        registers = "/api/inboxes/registers"
        for area in data.get("areas", []):
            _ensure(client, f"{registers}/areas", "name", area, created, "område")
        organisation_ids: dict[str, str] = {}
        for organisation in data.get("organisations", []):
            body = {"name": organisation["name"]}
            if parent := organisation.get("parent"):
                body["parent_id"] = organisation_ids[parent]
            organisation_ids[organisation["name"]] = _ensure(
                client, f"{registers}/organisations", "name", body, created, "organisation"
            )
        for paragraph in data.get("confidentiality_paragraphs", []):
            _ensure(client, f"{registers}/confidentiality-paragraphs", "code", paragraph, created, "sekretessparagraf")
        for distribution_list in data.get("distribution_lists", []):
            _ensure(client, f"{registers}/distribution-lists", "name", distribution_list, created, "sändlista")
        for template in data.get("templates", []):
            body = {k: v for k, v in template.items() if k != "inbox_id"}
            _ensure(client, f"/api/inboxes/{template['inbox_id']}/templates", "name", body, created, "mall")
    return created


def _ensure(client: httpx.Client, path: str, key: str, body: dict[str, Any], created: list[str], label: str) -> str:
    """The id of the register item whose `key` equals the body's, created if there is none."""
    response = client.get(path, params={"q": body[key], "include_inactive": "true"})
    response.raise_for_status()
    for item in response.json():
        if item[key] == body[key]:
            return str(item["id"])
    response = client.post(path, json=body)
    _created(response)
    created.append(f"{label} {body[key]}")
    return str(response.json()["id"])


def _missing(client: httpx.Client, path: str) -> bool:
    response = client.get(path)
    if response.status_code == 404:
        return True
    response.raise_for_status()
    return False


def _created(response: httpx.Response) -> None:
    if response.status_code != 201:
        raise RuntimeError(f"seeding failed: {response.status_code} {response.text}")
