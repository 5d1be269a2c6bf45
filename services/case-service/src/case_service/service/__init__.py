"""Use cases of the case-service: plain async functions with keyword-only dependencies."""

from case_service.service.cases import (
    SendToQueue,
    create_case,
    get_case,
    replay_summaries,
    update_case,
)
from case_service.service.customers import (
    clear_case_customer,
    copy_customer_from_register,
    find_other_cases,
    import_properties,
    link_case_property,
    search_customers,
    search_properties,
    set_customer,
    unlink_case_property,
)
from case_service.service.registers import replicate_register
from case_service.service.routing import receive_distribution, return_case_to_customer_service, set_status

__all__ = [
    "SendToQueue",
    "clear_case_customer",
    "copy_customer_from_register",
    "create_case",
    "find_other_cases",
    "get_case",
    "import_properties",
    "link_case_property",
    "receive_distribution",
    "replay_summaries",
    "replicate_register",
    "return_case_to_customer_service",
    "search_customers",
    "search_properties",
    "set_customer",
    "set_status",
    "unlink_case_property",
    "update_case",
]
