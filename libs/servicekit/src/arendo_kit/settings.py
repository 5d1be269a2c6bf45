"""The settings every service shares; a service subclasses it with its own env prefix (CASE_, INBOX_, …)."""

from pathlib import Path

from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class ServiceSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="ARENDO_", extra="ignore")

    service_name: str
    api_prefix: str

    mongodb_url: str = "mongodb://127.0.0.1:27017"
    mongodb_database: str
    mongodb_timeout_ms: int = Field(default=5000, ge=100)
    mongodb_socket_timeout_ms: int = Field(default=30_000, ge=1000)

    rabbitmq_url: str = "amqp://guest:guest@127.0.0.1:5672/"

    jwt_issuer: str = "arendo-dev"
    jwt_audience: str = "arendo"
    jwt_jwks_url: str | None = None
    jwt_public_key: str | None = None
    jwt_public_key_file: Path | None = None

    log_level: str = "INFO"
    log_json: bool = True

    outbox_poll_seconds: float = Field(default=1.0, gt=0)
    timer_poll_seconds: float = Field(default=1.0, gt=0)
    timer_lease_seconds: float = Field(default=60.0, gt=0)
    consumer_retry_delays_ms: tuple[int, ...] = (1000, 5000, 30000)
    consumer_delivery_limit: int = Field(default=10, ge=1)
    consumer_prefetch: int = Field(default=16, ge=1)
    consumer_handler_timeout_seconds: float = Field(default=60.0, gt=0)

    @model_validator(mode="after")
    def _one_key_source(self) -> "ServiceSettings":
        if self.jwt_public_key_file is not None and self.jwt_public_key is None:
            self.jwt_public_key = self.jwt_public_key_file.read_text()
        return self
