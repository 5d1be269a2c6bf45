"""Which inbox receives mail sent to an address."""

import pytest

from arendo_contracts.events.inbox import InboxSnapshot
from channel_gateway.domain.addresses import normalise_address, receives_mail

pytestmark = pytest.mark.unit


def test_addresses_compare_without_case_or_spaces() -> None:
    assert normalise_address("  Kundtjanst@Exempelby.SE ") == "kundtjanst@exempelby.se"


@pytest.mark.parametrize(
    ("email", "active", "expected"), [("a@b.se", True, True), (None, True, False), ("a@b.se", False, False)]
)
def test_only_active_inboxes_with_an_address_receive_mail(email: str | None, active: bool, expected: bool) -> None:
    inbox = InboxSnapshot(inbox_id="i", name="I", kind="work_group", email=email, active=active, version=1)
    assert receives_mail(inbox) is expected
