"""Templates in a case (CASE-21): the templates of the case's inbox for a purpose, and one filled in
from the case, over the in-process API with a real MongoDB-wire server and RabbitMQ; templates and
inboxes are replicated from the inbox-service's events."""

import uuid
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest

from arendo_contracts.events.registers import TemplateChangedV1, TemplateSnapshot
from arendo_contracts.templates import TemplatePurpose
from arendo_kit.testing.events import publish_event
from arendo_kit.testing.fixture_types import NewCase, NewInbox, NewUser
from arendo_kit.testing.http import if_match, problem_fields
from arendo_kit.testing.polling import eventually

pytestmark = pytest.mark.integration

REPLY_BODY = (
    "Hej {{customer_name}}!\n"
    "Vi har tagit emot ärende {{ case_number }} ({{case_title}}).\n\n"
    "Svar senast {{desired_answer_date}}. Skrivet {{today}}.\n"
    "{{officer_name}}, {{inbox_name}}"
)


def template(inbox_id: str, name: str, purpose: TemplatePurpose, body: str, **changes: Any) -> TemplateSnapshot:
    fields: dict[str, Any] = dict(
        template_id=f"mall-{uuid.uuid4().hex[:8]}", inbox_id=inbox_id, name=name, purpose=purpose, body=body, version=1
    )
    return TemplateSnapshot.model_validate({**fields, **changes})


async def replicated_templates(api: httpx.AsyncClient, rabbitmq_url: str, *templates: TemplateSnapshot) -> None:
    """Publish templates as the inbox-service would and wait until every one is replicated."""
    for item in templates:
        await publish_event(rabbitmq_url, TemplateChangedV1(template=item), source="inbox-service")
    replicas = api.app.state.context.registers  # type: ignore[attr-defined]

    async def replicated() -> bool:
        return all([await replicas.templates.get(t.template_id) is not None for t in templates])

    await eventually(replicated, what="templates replicated")


@pytest.fixture
def a_prepared_case(
    api: httpx.AsyncClient, new_case: NewCase, new_user: NewUser
) -> Callable[[str], Awaitable[dict[str, Any]]]:
    """`await a_prepared_case(inbox_id)`: a case with a customer and Bengt Berg as its officer."""

    async def prepared(inbox_id: str) -> dict[str, Any]:
        case = await new_case(inbox_id, "Trasig gatlykta")
        customer = await api.put(
            f"/api/cases/{case['id']}/customer",
            json={"first_name": "Anna", "last_name": "Svensson & <Söner>"},
            headers=if_match(case),
        )
        assert customer.status_code == 200, customer.text
        await new_user("u-bengt", "Bengt Berg", inbox_id)
        assigned = await api.put(
            f"/api/cases/{case['id']}/officer", json={"officer_id": "u-bengt"}, headers=if_match(customer.json())
        )
        assert assigned.status_code == 200, assigned.text
        body: dict[str, Any] = assigned.json()
        return body

    return prepared


def swedish_today() -> datetime:
    return datetime.now(UTC).astimezone(ZoneInfo("Europe/Stockholm"))


async def test_the_templates_of_the_cases_inbox_are_offered_by_purpose(
    api: httpx.AsyncClient, new_inbox: NewInbox, rabbitmq_url: str
) -> None:
    inbox_id = await new_inbox(name="Kundtjänst Väst")
    other_inbox = await new_inbox(name="Bygglov")
    reply = template(inbox_id, "Svar till kund", TemplatePurpose.REPLY, REPLY_BODY, subject="Ärende {{case_number}}")
    general = template(inbox_id, "allmän hälsning", TemplatePurpose.ANY, "Med vänlig hälsning {{officer_name}}")
    note = template(inbox_id, "Anteckning", TemplatePurpose.NOTE, "Ringt {{today}}")
    retired = template(inbox_id, "Gammalt svar", TemplatePurpose.REPLY, "Hej", active=False, version=2)
    elsewhere = template(other_inbox, "Bygglovssvar", TemplatePurpose.REPLY, "Hej {{customer_name}}")
    await replicated_templates(api, rabbitmq_url, reply, general, note, retired, elsewhere)
    case = (await api.post("/api/cases", json={"inbox_id": inbox_id, "title": "Gatlykta"})).json()
    url = f"/api/cases/{case['id']}/templates"

    async def names(**params: str) -> list[str]:
        response = await api.get(url, params=params)
        assert response.status_code == 200, response.text
        assert response.json()["inbox_id"] == inbox_id
        return [t["name"] for t in response.json()["templates"]]

    assert await names(purpose="reply") == ["allmän hälsning", "Svar till kund"]
    assert await names(purpose="note") == ["allmän hälsning", "Anteckning"]
    assert await names(purpose="referral") == ["allmän hälsning"]
    assert await names() == ["allmän hälsning", "Anteckning", "Svar till kund"]
    listed = (await api.get(url, params={"purpose": "reply"})).json()["templates"][1]
    assert (listed["template_id"], listed["subject"], listed["body"]) == (reply.template_id, reply.subject, REPLY_BODY)

    bad = await api.get(url, params={"purpose": "letter"})
    assert (bad.status_code, problem_fields(bad)) == (422, {"query.purpose"})
    assert (await api.get("/api/cases/finns-inte/templates")).status_code == 404


async def test_a_template_is_filled_in_from_the_case(
    api: httpx.AsyncClient,
    new_inbox: NewInbox,
    a_prepared_case: Callable[[str], Awaitable[dict[str, Any]]],
    rabbitmq_url: str,
) -> None:
    inbox_id = await new_inbox(name="Kundtjänst Väst")
    other_inbox = await new_inbox(name="Bygglov")
    reply = template(inbox_id, "Svar till kund", TemplatePurpose.REPLY, REPLY_BODY, subject="Ärende {{case_number}}")
    retired = template(inbox_id, "Gammalt svar", TemplatePurpose.REPLY, "Hej", active=False, version=2)
    elsewhere = template(other_inbox, "Bygglovssvar", TemplatePurpose.REPLY, "Hej {{customer_name}}")
    await replicated_templates(api, rabbitmq_url, reply, retired, elsewhere)
    case = await a_prepared_case(inbox_id)
    render = f"/api/cases/{case['id']}/templates/{reply.template_id}/render"

    today = swedish_today().date()
    answer = today + timedelta(days=14)  # the system setting referral_answer_days, by default
    text = await api.post(render, json={"format": "text"})
    assert text.status_code == 200, text.text
    assert text.json() == {
        "subject": f"Ärende {case['number']}",
        "body": "Hej Anna Svensson & <Söner>!\n"
        f"Vi har tagit emot ärende {case['number']} (Trasig gatlykta).\n\n"
        f"Svar senast {answer.isoformat()}. Skrivet {today.isoformat()}.\n"
        "Bengt Berg, Kundtjänst Väst",
        "format": "text",
        "desired_answer_date": answer.isoformat(),
    }

    chosen = today + timedelta(days=3)
    html = await api.post(render, json={"format": "html", "desired_answer_date": chosen.isoformat()})
    assert html.status_code == 200, html.text
    assert html.json()["body"] == (
        "<p>Hej Anna Svensson &amp; &lt;Söner&gt;!<br>"
        f"Vi har tagit emot ärende {case['number']} (Trasig gatlykta).</p>"
        f"<p>Svar senast {chosen.isoformat()}. Skrivet {today.isoformat()}.<br>"
        "Bengt Berg, Kundtjänst Väst</p>"
    )
    assert html.json()["subject"] == f"Ärende {case['number']}"  # a subject is plain text in every format

    for template_id in (elsewhere.template_id, retired.template_id, "finns-inte"):
        missing = await api.post(f"/api/cases/{case['id']}/templates/{template_id}/render", json={})
        assert missing.status_code == 404, template_id
    for body, field in (
        ({"format": "pdf"}, "format"),
        ({"desired_answer_date": (today - timedelta(days=1)).isoformat()}, "desired_answer_date"),
        ({"desired_answer_date": "i morgon"}, "desired_answer_date"),
        ({"format": "text", "extra": 1}, "extra"),
    ):
        refused = await api.post(render, json=body)
        assert (refused.status_code, problem_fields(refused)) == (422, {field}), body
    # Rendering only reads: the case is unchanged.
    assert (await api.get(f"/api/cases/{case['id']}")).json()["version"] == case["version"]
