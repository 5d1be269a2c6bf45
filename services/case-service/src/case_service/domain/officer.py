"""Who may be made the officer of a case (CASE-24), from the user replica. No I/O.
Changing the officer, with its history, is in `routing.py` next to distribution."""

from collections.abc import Iterable

from arendo_contracts.events.inbox import UserSnapshot
from arendo_contracts.vocabulary import Role
from arendo_kit.errors import InvalidInput
from arendo_kit.text import swedish_sort_key
from case_service.domain.access import may_read
from case_service.domain.case import Case
from case_service.domain.classification import matches

ELIGIBLE_OFFICER_ROLES = frozenset({Role.OFFICER, Role.SPECIALIST, Role.EXTERNAL})


def ineligibility(user: UserSnapshot | None, case: Case) -> str | None:
    """Why the user cannot be the case's officer (Swedish), or None when they can: an active member
    of the case's inbox with an officer role, and for a confidential case allowed to read it."""
    if user is None:
        return "Användaren finns inte"
    if not user.active:
        return f"{user.name} är inaktiverad"
    if case.inbox_id not in user.inbox_ids:
        return f"{user.name} arbetar inte i ärendets inkorg"
    if not ELIGIBLE_OFFICER_ROLES.intersection(user.roles):
        return f"{user.name} har ingen handläggarroll"
    if not may_read(confidential=case.confidential, inbox_id=case.inbox_id, reader=user):
        return f"{user.name} saknar behörighet att läsa sekretessbelagda ärenden i inkorgen"
    return None


def require_eligible(user: UserSnapshot | None, case: Case, *, officer_id: str) -> UserSnapshot:
    reason = ineligibility(user, case)
    if user is None or reason is not None:
        raise InvalidInput(reason or f"Användaren {officer_id!r} finns inte", field="officer_id")
    return user


def officer_options(users: Iterable[UserSnapshot], case: Case, query: str | None) -> list[UserSnapshot]:
    """The eligible officers whose name or username contains the text; blank lists them all."""
    found = [u for u in users if ineligibility(u, case) is None and matches(query, u.name, u.username)]
    return sorted(found, key=lambda u: (swedish_sort_key(u.name), u.username))
