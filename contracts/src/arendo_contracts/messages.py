"""Base classes for every message: frozen pydantic models that know their routing key."""

from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict

from arendo_contracts.topology import COMMANDS_EXCHANGE, EVENTS_EXCHANGE, check_routing_key


class Message(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore")

    routing_key: ClassVar[str]
    exchange: ClassVar[str]

    def subject_id(self) -> str | None:
        """The aggregate the message is about (CloudEvents `subject`)."""
        return None

    @classmethod
    def __pydantic_init_subclass__(cls, **kwargs: Any) -> None:
        super().__pydantic_init_subclass__(**kwargs)
        key = cls.__dict__.get("routing_key")
        if isinstance(key, str):
            check_routing_key(key)


class Event(Message):
    """A fact in the past tense, published to `arendo.events`."""

    exchange: ClassVar[str] = EVENTS_EXCHANGE


class Command(Message):
    """A request to one owner, published to `arendo.commands`."""

    exchange: ClassVar[str] = COMMANDS_EXCHANGE
