"""Internal service notes and service notes as formatted text (CASE-18, CASE-19): stored sanitised,
shown in the document viewer with their format, over the in-process API with a real
MongoDB-wire server and RabbitMQ."""

import httpx
import pytest

from arendo_kit.testing.events import EventProbe
from arendo_kit.testing.fixture_types import NewCase
from arendo_kit.testing.http import if_match, problem_fields

pytestmark = pytest.mark.integration


async def test_service_notes_are_stored_sanitised_and_only_the_official_one_is_for_the_customer(
    api: httpx.AsyncClient, new_case: NewCase, rabbitmq_url: str
) -> None:
    case = await new_case(title="Trasig gatlykta")
    url = f"/api/cases/{case['id']}/deeds"
    official = {
        "kind": "service_note",
        "title": "Besked om lyktan",
        "body": '<p onclick="alert(1)">Lyktan <b>lagas</b> vecka 49.</p><script>alert("xss")</script>'
        '<ul><li>Beställt</li></ul><a href="javascript:alert(1)">här</a>',
    }
    async with EventProbe(rabbitmq_url, ["case.updated.v1"]) as probe:
        stored = await api.post(url, json=official, headers=if_match(case["version"]))
        assert stored.status_code == 201, stored.text
        event = await probe.wait_for("case.updated.v1", subject=case["id"])
    note = stored.json()
    assert note["body"] == (
        '<p>Lyktan <b>lagas</b> vecka 49.</p><ul><li>Beställt</li></ul><a rel="noopener noreferrer">här</a>'
    )
    assert (note["body_format"], note["visible_to_customer"], note["direction"]) == ("html", True, "out")
    assert [(c["field"], c["new"]) for c in event.data["changes"]] == [("deed", "Tjänsteanteckning: Besked om lyktan")]

    internal = await api.post(
        url,
        json={
            "kind": "internal_service_note",
            "body": '<p>Till kollegorna: se <a href="https://karta.example.se/lykta?id=7" onmouseover="x()">kartan</a>'
            '</p><img src=x onerror="alert(1)"><iframe src="https://evil.example"></iframe>',
        },
        headers={"If-Match": stored.headers["etag"]},
    )
    assert internal.status_code == 201, internal.text
    assert internal.json()["body"] == (
        '<p>Till kollegorna: se <a href="https://karta.example.se/lykta?id=7" rel="noopener noreferrer">kartan</a></p>'
    )
    assert (internal.json()["body_format"], internal.json()["visible_to_customer"]) == ("html", False)

    call = await api.post(
        url,
        json={"kind": "phone_call", "body": "Ringde kunden <kl. 10>"},
        headers={"If-Match": internal.headers["etag"]},
    )
    assert (call.json()["body"], call.json()["body_format"]) == ("Ringde kunden <kl. 10>", "text")

    viewer = (await api.get(f"/api/cases/{case['id']}/documents")).json()["documents"]
    assert [(d["kind"], d["body_format"], d["visible_to_customer"]) for d in viewer] == [
        ("service_note", "html", True),
        ("internal_service_note", "html", False),
        ("phone_call", "text", False),
    ]
    assert viewer[0]["body"] == note["body"]
    assert all("script" not in d["body"] and "onclick" not in d["body"] for d in viewer)


async def test_a_note_with_nothing_left_after_sanitising_is_refused_and_nothing_is_stored(
    api: httpx.AsyncClient, new_case: NewCase
) -> None:
    case = await new_case(title="Trasig gatlykta")
    url = f"/api/cases/{case['id']}/deeds"
    for body in ("<p><br></p>", "<script>alert(1)</script>", '<img src=x onerror="alert(1)">', "<p>&nbsp;</p>"):
        for kind in ("service_note", "internal_service_note"):
            refused = await api.post(url, json={"kind": kind, "body": body}, headers=if_match(case["version"]))
            assert (refused.status_code, problem_fields(refused)) == (422, {"body"}), (kind, body)
    read = (await api.get(f"/api/cases/{case['id']}")).json()
    assert (read["version"], read["deeds"]) == (case["version"], [])
