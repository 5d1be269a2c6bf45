"""Contract objects for tests, valid by default; a test names only what it cares about."""

from datetime import UTC, datetime
from typing import Any, TypeVar

from arendo_contracts.events.case import CaseSummary
from arendo_contracts.events.inbox import InboxSnapshot
from arendo_kit.devauth import DevIssuer
from arendo_kit.settings import ServiceSettings

S = TypeVar("S", bound=ServiceSettings)

DEFAULT_TIME = datetime(2026, 11, 2, 8, 0, tzinfo=UTC)


def case_summary(**overrides: Any) -> CaseSummary:
    fields: dict[str, Any] = dict(
        case_id="c-1",
        number="2026-000001",
        title="Trasig gatlykta",
        status="new",
        priority="normal",
        channel="phone",
        inbox_id="kundtjanst",
        arrived_at=DEFAULT_TIME,
        registered_at=DEFAULT_TIME,
        version=1,
    )
    return CaseSummary.model_validate({**fields, **overrides})


def inbox_snapshot(**overrides: Any) -> InboxSnapshot:
    fields: dict[str, Any] = dict(inbox_id="kundtjanst", name="Kundtjänst", kind="work_group", version=1)
    return InboxSnapshot.model_validate({**fields, **overrides})


def service_settings(
    settings_class: type[S], *, mongodb_url: str, rabbitmq_url: str, issuer: DevIssuer, database: str
) -> S:
    """A service's settings pointed at the test infrastructure, with short retry delays."""
    return settings_class(
        mongodb_url=mongodb_url,
        rabbitmq_url=rabbitmq_url,
        mongodb_database=database,
        jwt_public_key=issuer.public_key_pem(),
        log_json=False,
        consumer_retry_delays_ms=(200, 400),
        consumer_handler_timeout_seconds=10.0,
        mongodb_socket_timeout_ms=15_000,
    )
