"""The CloudEvents 1.0 envelope and its AMQP protocol binding (binary content mode).

In binary mode the message body is the event data (JSON) and every context attribute travels
as an application property named `cloudEvents:<attribute>`; structured mode (the whole event as
`application/cloudevents+json`) is accepted on input so that other systems may use either.
"""

import builtins
import json
import uuid
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from arendo_contracts.messages import Message
from arendo_contracts.topology import cloudevents_type, routing_key_of_type, schema_urn

HEADER_PREFIX = "cloudEvents:"
_ALT_HEADER_PREFIX = "cloudEvents_"
JSON = "application/json"
STRUCTURED = "application/cloudevents+json"
SYSTEM_ACTOR = "system"

M = TypeVar("M", bound=Message)


class MalformedMessage(ValueError):
    """A message that can never be processed; the reason says why. It is parked, not retried."""


class CloudEvent(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: str = Field(min_length=1)
    source: str = Field(min_length=1)
    type: str = Field(min_length=1)
    specversion: Literal["1.0"] = "1.0"
    time: datetime
    subject: str | None = None
    dataschema: str | None = None
    datacontenttype: str = JSON
    correlationid: str = Field(min_length=1)
    causationid: str | None = None
    actor: str = SYSTEM_ACTOR
    data: dict[str, Any]

    @property
    def routing_key(self) -> str:
        return routing_key_of_type(self.type)

    @classmethod
    def wrap(
        cls,
        message: Message,
        *,
        source: str,
        actor: str,
        correlation_id: str | None = None,
        causation_id: str | None = None,
        time: datetime | None = None,
    ) -> "CloudEvent":
        event_id = str(uuid.uuid4())
        return cls(
            id=event_id,
            source=source,
            type=cloudevents_type(message.routing_key),
            time=time or datetime.now(UTC),
            subject=message.subject_id(),
            dataschema=schema_urn(message.routing_key),
            correlationid=correlation_id or event_id,
            causationid=causation_id,
            actor=actor,
            data=message.model_dump(mode="json"),
        )

    def unwrap(self, model: builtins.type[M]) -> M:
        try:
            return model.model_validate(self.data)
        except ValidationError as exc:
            raise MalformedMessage(f"data of {self.type} does not match its schema: {exc}") from exc

    # --- AMQP binding ---------------------------------------------------------------

    def amqp_headers(self) -> dict[str, Any]:
        attributes = self.model_dump(mode="json", exclude={"data", "datacontenttype"}, exclude_none=True)
        return {HEADER_PREFIX + name: str(value) for name, value in attributes.items()}

    def amqp_body(self) -> bytes:
        return json.dumps(self.data, separators=(",", ":"), ensure_ascii=False).encode()

    @classmethod
    def from_amqp(cls, *, body: bytes, headers: Mapping[str, Any], content_type: str | None) -> "CloudEvent":
        try:
            if content_type and content_type.split(";")[0].strip() == STRUCTURED:
                return cls.model_validate_json(body)
            attributes = _attributes_from_headers(headers)
            if not attributes:
                raise MalformedMessage("no CloudEvents attributes in the message headers")
            data = json.loads(body or b"null")
            if not isinstance(data, dict):
                raise MalformedMessage("the message body is not a JSON object")
            return cls.model_validate({**attributes, "data": data, "datacontenttype": content_type or JSON})
        except MalformedMessage:
            raise
        except ValidationError as exc:
            fields = ", ".join(".".join(str(p) for p in e["loc"]) or "envelope" for e in exc.errors())
            raise MalformedMessage(f"invalid CloudEvents envelope (fields: {fields})") from exc
        except (ValueError, UnicodeDecodeError) as exc:
            raise MalformedMessage(f"the message body is not valid JSON: {exc}") from exc


def _attributes_from_headers(headers: Mapping[str, Any]) -> dict[str, Any]:
    attributes: dict[str, Any] = {}
    for key, value in headers.items():
        for prefix in (HEADER_PREFIX, _ALT_HEADER_PREFIX):
            if key.startswith(prefix):
                attributes[key.removeprefix(prefix)] = value.decode() if isinstance(value, bytes) else value
    return attributes
