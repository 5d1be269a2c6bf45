"""Routing-key naming and the message registry."""

import pytest

from arendo_contracts import Event, all_messages, message_type_for
from arendo_contracts.topology import check_routing_key, cloudevents_type, routing_key_of_type

pytestmark = pytest.mark.unit


@pytest.mark.parametrize("key", ["case.created.v1", "case.officer_changed.v2", "channel.deliver.v10"])
def test_good_routing_keys(key: str) -> None:
    assert check_routing_key(key) == key
    assert routing_key_of_type(cloudevents_type(key)) == key


@pytest.mark.parametrize("key", ["case.created", "Case.created.v1", "case.created.v0", "case..v1", "case.created.v1.x"])
def test_bad_routing_keys(key: str) -> None:
    with pytest.raises(ValueError, match="routing key"):
        check_routing_key(key)


def test_a_model_with_a_bad_routing_key_cannot_be_declared() -> None:
    with pytest.raises(ValueError, match="routing key"):

        class Wrong(Event):
            routing_key = "CaseCreated"


def test_every_registered_message_is_found_by_its_key() -> None:
    for model in all_messages():
        assert message_type_for(model.routing_key) is model
    assert message_type_for("case.nonexistent.v1") is None


def test_a_foreign_cloudevents_type_is_refused() -> None:
    with pytest.raises(ValueError, match="does not start with"):
        routing_key_of_type("com.example.thing.v1")
