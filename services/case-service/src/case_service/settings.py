from functools import lru_cache

from pydantic_settings import SettingsConfigDict

from arendo_kit.settings import ServiceSettings


class Settings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="CASE_", extra="ignore")

    service_name: str = "case-service"
    api_prefix: str = "/api/cases"
    mongodb_database: str = "arendo_case"


@lru_cache
def get_settings() -> Settings:
    return Settings()
