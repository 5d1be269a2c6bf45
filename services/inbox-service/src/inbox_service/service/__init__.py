"""Use cases of the inbox-service: plain async functions with keyword-only dependencies."""

from inbox_service.service.areas import create_area, deactivate_area, update_area
from inbox_service.service.distribution_lists import (
    create_distribution_list,
    deactivate_distribution_list,
    update_distribution_list,
)
from inbox_service.service.inbox_view import list_inbox_cases, list_my_cases, project_case_event, project_favourites
from inbox_service.service.organisations import (
    create_organisation,
    deactivate_organisation,
    get_organisation,
    search_organisations,
    update_organisation,
)
from inbox_service.service.paragraphs import create_paragraph, deactivate_paragraph, update_paragraph
from inbox_service.service.registers import (
    create_inbox,
    create_user,
    search_diary_plan,
    search_officers,
    update_inbox,
    update_user,
)
from inbox_service.service.system_settings import get_system_settings, update_system_settings
from inbox_service.service.templates import (
    create_template,
    deactivate_template,
    get_template,
    list_templates,
    update_template,
)

__all__ = [
    "create_area",
    "create_distribution_list",
    "create_inbox",
    "create_organisation",
    "create_paragraph",
    "create_template",
    "create_user",
    "deactivate_area",
    "deactivate_distribution_list",
    "deactivate_organisation",
    "deactivate_paragraph",
    "deactivate_template",
    "get_organisation",
    "get_system_settings",
    "get_template",
    "list_inbox_cases",
    "list_my_cases",
    "list_templates",
    "project_case_event",
    "project_favourites",
    "search_diary_plan",
    "search_officers",
    "search_organisations",
    "update_area",
    "update_distribution_list",
    "update_inbox",
    "update_organisation",
    "update_paragraph",
    "update_system_settings",
    "update_template",
    "update_user",
]
