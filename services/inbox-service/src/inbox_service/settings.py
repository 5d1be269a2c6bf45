from functools import lru_cache

from pydantic_settings import SettingsConfigDict

from arendo_kit.settings import ServiceSettings


class Settings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="INBOX_", extra="ignore")

    service_name: str = "inbox-service"
    api_prefix: str = "/api/inboxes"
    mongodb_database: str = "arendo_inbox"


@lru_cache
def get_settings() -> Settings:
    return Settings()
