"""Use cases of the inbox-service: plain async functions with keyword-only dependencies."""

from inbox_service.service.inbox_view import list_inbox_cases, list_my_cases, project_case_event, project_favourites
from inbox_service.service.registers import create_inbox, create_user

__all__ = [
    "create_inbox",
    "create_user",
    "list_inbox_cases",
    "list_my_cases",
    "project_case_event",
    "project_favourites",
]
