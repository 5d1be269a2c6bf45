"""Reading a case on behalf of a user, enforcing confidentiality (CASE-07) in every use case, and
for a change also the version read and other officers' locks (CASE-26)."""

from arendo_kit.auth import User
from arendo_kit.clock import Clock, utc_now
from arendo_kit.errors import NotFound
from case_service.domain.access import may_read
from case_service.domain.case import Case, check_version
from case_service.domain.lock import refuse_if_locked_by_other
from case_service.store import CaseRepository, RegisterReplicas

NOT_FOUND = "Ärendet finns inte"


async def readable_case(*, cases: CaseRepository, registers: RegisterReplicas, caller: User, case_id: str) -> Case:
    """The case if the caller may read it; otherwise 404, exactly as for a case that does not exist."""
    case = await cases.get(case_id)
    if case is None:
        raise NotFound(NOT_FOUND)
    if case.confidential and not may_read(
        confidential=True, inbox_id=case.inbox_id, reader=await registers.users.get(caller.id)
    ):
        raise NotFound(NOT_FOUND)
    return case


async def readable_current_case(
    *,
    cases: CaseRepository,
    registers: RegisterReplicas,
    caller: User,
    case_id: str,
    expected_version: int,
    clock: Clock = utc_now,
) -> Case:
    """As readable_case, for a change: not while another officer holds the case's lock (409, CASE-26;
    a lock past its expiry counts as free), and only to the version the caller read (If-Match)."""
    case = await readable_case(cases=cases, registers=registers, caller=caller, case_id=case_id)
    refuse_if_locked_by_other(case, user_id=caller.id, now=clock())
    check_version(case, expected_version)
    return case
