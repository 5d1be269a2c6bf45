from functools import lru_cache

from pydantic_settings import SettingsConfigDict

from arendo_kit.settings import ServiceSettings


class Settings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="REFERRAL_", extra="ignore")

    service_name: str = "referral-service"
    api_prefix: str = "/api/referrals"
    mongodb_database: str = "arendo_referral"


@lru_cache
def get_settings() -> Settings:
    return Settings()
