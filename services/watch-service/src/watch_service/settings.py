from functools import lru_cache

from pydantic_settings import SettingsConfigDict

from arendo_kit.settings import ServiceSettings


class Settings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="WATCH_", extra="ignore")

    service_name: str = "watch-service"
    api_prefix: str = "/api/watches"
    mongodb_database: str = "arendo_watch"


@lru_cache
def get_settings() -> Settings:
    return Settings()
