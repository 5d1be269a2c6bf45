from functools import lru_cache

from pydantic_settings import SettingsConfigDict

from arendo_kit.settings import ServiceSettings


class Settings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="KB_", extra="ignore")

    service_name: str = "kb-service"
    api_prefix: str = "/api/kb"
    mongodb_database: str = "arendo_kb"


@lru_cache
def get_settings() -> Settings:
    return Settings()
