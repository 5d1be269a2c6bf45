"""Use cases of the case-service: plain async functions with keyword-only dependencies."""

from case_service.service.cases import (
    SendToQueue,
    create_case,
    get_case,
    replay_summaries,
    update_case,
)
from case_service.service.registers import replicate_register
from case_service.service.routing import receive_distribution, return_case_to_customer_service, set_status

__all__ = [
    "SendToQueue",
    "create_case",
    "get_case",
    "receive_distribution",
    "replay_summaries",
    "replicate_register",
    "return_case_to_customer_service",
    "set_status",
    "update_case",
]
