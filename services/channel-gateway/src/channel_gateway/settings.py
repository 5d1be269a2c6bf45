from functools import lru_cache

from pydantic_settings import SettingsConfigDict

from arendo_kit.settings import ServiceSettings


class Settings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="CHANNEL_", extra="ignore")

    service_name: str = "channel-gateway"
    api_prefix: str = "/api/channels"
    mongodb_database: str = "arendo_channel"


@lru_cache
def get_settings() -> Settings:
    return Settings()
