from functools import lru_cache

from pydantic import Field
from pydantic_settings import SettingsConfigDict

from arendo_kit.settings import ServiceSettings


class Settings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="CASE_", extra="ignore")

    service_name: str = "case-service"
    api_prefix: str = "/api/cases"
    mongodb_database: str = "arendo_case"
    # CASE-22: the largest attachment accepted, in bytes (25 MB).
    attachment_max_bytes: int = Field(default=25 * 1024 * 1024, ge=1)


@lru_cache
def get_settings() -> Settings:
    return Settings()
