"""The CloudEvents envelope and its AMQP binding."""

import json
from datetime import UTC, datetime

import pytest

from arendo_contracts import CloudEvent, MalformedMessage
from arendo_contracts.events.case import CaseCreatedV1, CaseSummary, CaseUpdatedV1, case_summary_of

pytestmark = pytest.mark.unit


def summary(**changes: object) -> CaseSummary:
    now = datetime(2026, 3, 1, 9, 30, tzinfo=UTC)
    data = dict(
        case_id="c-1",
        number="2026-000123",
        title="Trasig gatlykta",
        status="new",
        priority="urgent",
        channel="phone",
        inbox_id="kundtjanst",
        arrived_at=now,
        registered_at=now,
        version=3,
    )
    return CaseSummary.model_validate({**data, **changes})


def test_wrap_fills_every_context_attribute() -> None:
    event = CloudEvent.wrap(
        CaseCreatedV1(case=summary()),
        source="case-service",
        actor="u-anna",
        correlation_id="corr-1",
        causation_id="cause-1",
    )
    assert event.type == "se.arendo.case.created.v1"
    assert event.specversion == "1.0"
    assert event.subject == "c-1"
    assert event.dataschema == "urn:se.arendo:schema:case.created.v1"
    assert (event.correlationid, event.causationid, event.actor) == ("corr-1", "cause-1", "u-anna")
    assert event.routing_key == "case.created.v1"


def test_without_a_correlation_id_the_event_starts_its_own_chain() -> None:
    event = CloudEvent.wrap(CaseCreatedV1(case=summary()), source="case-service", actor="system")
    assert event.correlationid == event.id


def test_binary_mode_round_trip_keeps_everything() -> None:
    event = CloudEvent.wrap(CaseCreatedV1(case=summary()), source="case-service", actor="u-anna")
    headers = event.amqp_headers()
    assert headers["cloudEvents:type"] == "se.arendo.case.created.v1"
    assert json.loads(event.amqp_body())["case"]["number"] == "2026-000123"
    back = CloudEvent.from_amqp(body=event.amqp_body(), headers=headers, content_type="application/json")
    assert back == event
    assert back.unwrap(CaseCreatedV1).case == summary()


def test_structured_mode_is_accepted() -> None:
    event = CloudEvent.wrap(CaseCreatedV1(case=summary()), source="other-system", actor="system")
    back = CloudEvent.from_amqp(
        body=event.model_dump_json().encode(), headers={}, content_type="application/cloudevents+json; charset=utf-8"
    )
    assert back == event


def test_underscore_prefixed_headers_are_accepted() -> None:
    event = CloudEvent.wrap(CaseCreatedV1(case=summary()), source="case-service", actor="system")
    headers = {k.replace("cloudEvents:", "cloudEvents_"): v.encode() for k, v in event.amqp_headers().items()}
    assert CloudEvent.from_amqp(body=event.amqp_body(), headers=headers, content_type=None) == event


@pytest.mark.parametrize(
    ("body", "headers", "reason"),
    [
        (b"{}", {}, "no CloudEvents attributes"),
        (b"not json", {"cloudEvents:id": "1"}, "not valid JSON"),
        (b"[1, 2]", {"cloudEvents:id": "1"}, "not a JSON object"),
        (b"{}", {"cloudEvents:id": "1", "cloudEvents:source": "x"}, "invalid CloudEvents envelope (fields: type, time"),
    ],
)
def test_malformed_messages_are_rejected_with_a_reason(body: bytes, headers: dict[str, str], reason: str) -> None:
    with pytest.raises(MalformedMessage, match=reason.replace("(", r"\(")):
        CloudEvent.from_amqp(body=body, headers=headers, content_type="application/json")


def test_data_that_does_not_match_the_model_is_malformed() -> None:
    event = CloudEvent.wrap(CaseCreatedV1(case=summary()), source="case-service", actor="system")
    broken = event.model_copy(update={"data": {"case": {"case_id": "c-1"}}})
    with pytest.raises(MalformedMessage, match="does not match its schema"):
        broken.unwrap(CaseCreatedV1)


def test_any_case_event_yields_its_summary() -> None:
    event = CloudEvent.wrap(CaseCreatedV1(case=summary(version=7)), source="case-service", actor="system")
    future_kind = event.model_copy(update={"type": "se.arendo.case.officer_changed.v1"})
    assert case_summary_of(future_kind).version == 7


def test_a_case_lock_travels_with_the_summary() -> None:
    locked_at = datetime(2026, 3, 1, 9, 45, tzinfo=UTC)
    lock = {
        "locked_by": "u-anna",
        "locked_by_name": "Anna Berg",
        "locked_at": locked_at,
        "expires_at": datetime(2026, 3, 1, 10, 15, tzinfo=UTC),
    }
    event = CloudEvent.wrap(
        CaseUpdatedV1(case=summary(flags={"locked": True}, lock=lock)), source="case-service", actor="u-anna"
    )
    back = CloudEvent.from_amqp(body=event.amqp_body(), headers=event.amqp_headers(), content_type="application/json")
    received = case_summary_of(back)
    assert received.lock is not None
    assert (received.lock.locked_by_name, received.lock.locked_at) == ("Anna Berg", locked_at)


def test_a_summary_published_before_the_lock_existed_still_validates() -> None:
    event = CloudEvent.wrap(CaseUpdatedV1(case=summary(flags={"locked": True})), source="case-service", actor="u-1")
    data = json.loads(event.amqp_body())
    data["case"].pop("lock", None)
    old = event.model_copy(update={"data": data})
    received = case_summary_of(old)
    assert received.flags.locked is True
    assert received.lock is None


def test_case_numbers_must_be_readable() -> None:
    with pytest.raises(ValueError, match="number"):
        summary(number="123")
