"""Use cases of the relations tab (CASE-13), relating from the inbox (CASE-14) and link relations.

A relation changes two aggregates, written one after the other, each under its own version
check (there are no multi-document transactions to lean on):
1. the sub-case first: its `main_case` is the claim, and the sub-case's version check is what
   keeps two concurrent requests from giving it two main cases;
2. then the main case's `sub_cases` index, re-read and re-applied on a concurrent change.
Both halves are idempotent (a half already written changes nothing), so if the second write
fails or the process dies between them, repeating the request completes the relation instead of
failing on the first half. Until then the relation is invisible from the main case, because the
tab lists a sub-case only while it also names the main case. Removal runs in the same order.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from arendo_contracts.events.case import FieldChange
from arendo_contracts.vocabulary import CaseStatus
from arendo_kit.auth import User
from arendo_kit.clock import Clock, utc_now
from arendo_kit.errors import ConcurrencyConflict, Conflict, DomainError, InvalidInput, NotFound
from arendo_kit.outbox import EventFactory
from case_service.domain.access import confidential_inboxes, may_read
from case_service.domain.case import Case
from case_service.domain.lock import refuse_if_locked_by_other
from case_service.domain.relation_values import LinkRelation
from case_service.domain.relations import (
    MAX_DEPTH,
    RelatedCase,
    add_link,
    check_relatable,
    claim_as_sub,
    clean_description,
    edit_link,
    filter_links,
    filter_related,
    index_sub_cases,
    inherit_case_types,
    relatable_candidates,
    related_cases,
    release_sub,
    remove_link,
    roles_towards,
    unindex_sub,
)
from case_service.domain.routing import change_status
from case_service.domain.search import looks_like_case_number
from case_service.service.access import readable_case, readable_current_case
from case_service.service.changes import change_latest, store_change
from case_service.store import CaseRepository, RegisterReplicas
from case_service.store.search import SearchCriteria

ATTEMPTS = 5
MAX_CANDIDATES = 50

_Change = Callable[[Case], tuple[Case, list[FieldChange]]]


@dataclass(frozen=True)
class RelateOutcome:
    """CASE-14: what happened to one sub-case."""

    case_id: str
    status: int  # 200 related (or already), otherwise the problem's status
    number: str | None = None
    detail: str | None = None


# --- reading -----------------------------------------------------------------------------------


async def list_relations(
    *, cases: CaseRepository, registers: RegisterReplicas, caller: User, case_id: str, query: str | None = None
) -> tuple[Case, list[RelatedCase]]:
    """The relations tab: the main case and the sub-cases the caller may see, filtered."""
    case = await readable_case(cases=cases, registers=registers, caller=caller, case_id=case_id)
    ids = [*case.sub_case_ids, *([case.main_case_id] if case.main_case_id else [])]
    found = await cases.get_many(ids)
    reader = await registers.users.get(caller.id)
    visible = {
        other_id: other
        for other_id, other in found.items()
        if may_read(confidential=other.confidential, inbox_id=other.inbox_id, reader=reader)
    }
    inbox_ids = sorted({other.inbox_id for other in visible.values()})
    inboxes = await registers.inboxes.find({"_id": {"$in": inbox_ids}}) if inbox_ids else []
    names = {inbox.inbox_id: inbox.name for inbox in inboxes}
    return case, filter_related(related_cases(case, visible, names), query)


async def relation_candidates(
    *, cases: CaseRepository, registers: RegisterReplicas, caller: User, case_id: str, query: str
) -> list[Case]:
    """Cases found by case number or free text that can become sub-cases of the case."""
    case = await readable_case(cases=cases, registers=registers, caller=caller, case_id=case_id)
    text = query.strip()
    if not text:
        raise InvalidInput("Ange ett ärendenummer eller sökord", field="q")
    criteria = (
        SearchCriteria(number=text, page_size=MAX_CANDIDATES * 2)
        if looks_like_case_number(text)
        else SearchCriteria(text=text, page_size=MAX_CANDIDATES * 2)
    )
    reader = await registers.users.get(caller.id)
    found = await cases.search(criteria, confidential_inboxes=confidential_inboxes(reader))
    ancestors = await main_case_chain(cases, case)
    return relatable_candidates(case, found.cases, ancestors=ancestors)[:MAX_CANDIDATES]


async def main_case_chain(cases: CaseRepository, case: Case) -> list[str]:
    """The ids of the case's main case, its main case, and so on up the tree."""
    chain: list[str] = []
    seen = {case.id}
    current: Case | None = case
    while current is not None and current.main_case is not None and len(chain) < MAX_DEPTH:
        parent_id = current.main_case.case_id
        if parent_id in seen:
            break
        chain.append(parent_id)
        seen.add(parent_id)
        current = await cases.get(parent_id)
    return chain


# --- relating ------------------------------------------------------------------------------------


async def relate_sub_cases(
    *,
    cases: CaseRepository,
    registers: RegisterReplicas,
    events: EventFactory,
    caller: User,
    case_id: str,
    expected_version: int,
    sub_case_ids: Sequence[str],
    description: str | None = None,
    clock: Clock = utc_now,
) -> Case:
    """CASE-13 "Lägg till relation": the chosen cases become sub-cases of this one. Every case is
    checked before anything is written, so a refused one leaves all of them as they were."""
    main = await readable_current_case(
        cases=cases, registers=registers, caller=caller, case_id=case_id, expected_version=expected_version
    )
    ids = _unique(sub_case_ids)
    text = clean_description(description)
    now = clock()
    ancestors = await main_case_chain(cases, main)
    subs = []
    for sub_id in ids:
        sub = await _referenced_case(cases, registers, caller, sub_id, field="sub_case_ids")
        check_relatable(main=main, sub=sub, main_ancestors=ancestors)
        refuse_if_locked_by_other(sub, user_id=caller.id, now=now)
        subs.append(sub)
    claimed: list[Case] = []
    failure: DomainError | None = None
    for sub in subs:
        try:
            claimed.append(
                await _claim(cases, events, caller, main=main, sub=sub, ancestors=ancestors, description=text, now=now)
            )
        except DomainError as exc:
            failure = exc
            break
    if claimed:
        main = await _index(cases, events, caller, main_id=main.id, subs=claimed, description=text, now=now)
    if failure is not None:
        raise failure
    return main


async def relate_cases(
    *,
    cases: CaseRepository,
    registers: RegisterReplicas,
    events: EventFactory,
    caller: User,
    main_case_id: str,
    sub_case_ids: Sequence[str],
    sub_case_status: CaseStatus | None = None,
    message: str | None = None,
    inherit_case_types: bool = False,
    clock: Clock = utc_now,
) -> tuple[Case, list[RelateOutcome]]:
    """CASE-14 "Relatera" from the inbox: two or more cases, one of them the main case. Each
    sub-case is related (with its new status and inherited case types, in one write) or refused
    on its own; the outcome says which."""
    ids = _unique(sub_case_ids)
    if main_case_id in ids:
        raise InvalidInput("Huvudärendet kan inte också vara underärende", field="sub_case_ids")
    text = clean_description(message, field="message")
    main = await _referenced_case(cases, registers, caller, main_case_id, field="main_case_id")
    now = clock()
    refuse_if_locked_by_other(main, user_id=caller.id, now=now)
    ancestors = await main_case_chain(cases, main)
    outcomes: list[RelateOutcome] = []
    claimed: list[Case] = []
    for sub_id in ids:
        try:
            sub = await _referenced_case(cases, registers, caller, sub_id, field="sub_case_ids")
            related = await _claim(
                cases,
                events,
                caller,
                main=main,
                sub=sub,
                ancestors=ancestors,
                description=text,
                now=now,
                status=sub_case_status,
                inherit_from=main if inherit_case_types else None,
            )
        except DomainError as exc:
            outcomes.append(RelateOutcome(case_id=sub_id, status=exc.status, detail=exc.detail))
            continue
        claimed.append(related)
        outcomes.append(RelateOutcome(case_id=sub_id, status=200, number=related.number))
    if claimed:
        main = await _index(cases, events, caller, main_id=main.id, subs=claimed, description=text, now=now)
    return main, outcomes


async def remove_relation(
    *,
    cases: CaseRepository,
    registers: RegisterReplicas,
    events: EventFactory,
    caller: User,
    case_id: str,
    expected_version: int,
    other_id: str,
    clock: Clock = utc_now,
) -> Case:
    """CASE-13 "Ta bort relation", whichever of the two is the main case."""
    case = await readable_current_case(
        cases=cases, registers=registers, caller=caller, case_id=case_id, expected_version=expected_version
    )
    try:
        other = await readable_case(cases=cases, registers=registers, caller=caller, case_id=other_id)
    except NotFound:
        raise NotFound("Relationen finns inte") from None
    roles = roles_towards(case, other)
    if roles is None:
        raise NotFound("Relationen finns inte")
    refuse_if_locked_by_other(other, user_id=caller.id, now=clock())
    main, sub = roles
    await _write(cases, events, caller, sub.id, lambda current: release_sub(current, main.id))
    await _write(cases, events, caller, main.id, lambda current: unindex_sub(current, sub.id))
    return await cases.require(case.id)


# --- link relations --------------------------------------------------------------------------------


async def list_links(
    *, cases: CaseRepository, registers: RegisterReplicas, caller: User, case_id: str, query: str | None = None
) -> tuple[Case, list[LinkRelation]]:
    case = await readable_case(cases=cases, registers=registers, caller=caller, case_id=case_id)
    return case, filter_links(case.links, query)


async def add_case_link(
    *,
    cases: CaseRepository,
    registers: RegisterReplicas,
    events: EventFactory,
    caller: User,
    case_id: str,
    expected_version: int,
    url: str,
    description: str | None,
    clock: Clock = utc_now,
) -> tuple[Case, LinkRelation]:
    case = await readable_current_case(
        cases=cases, registers=registers, caller=caller, case_id=case_id, expected_version=expected_version
    )
    updated, link, changes = add_link(case, url=url, description=description, by_id=caller.id, now=clock())
    await _store(cases, events, caller, updated, changes)
    return updated, link


async def edit_case_link(
    *,
    cases: CaseRepository,
    registers: RegisterReplicas,
    events: EventFactory,
    caller: User,
    case_id: str,
    expected_version: int,
    link_id: str,
    url: str | None,
    description: str | None,
) -> tuple[Case, LinkRelation]:
    case = await readable_current_case(
        cases=cases, registers=registers, caller=caller, case_id=case_id, expected_version=expected_version
    )
    updated, link, changes = edit_link(case, link_id, url=url, description=description)
    if changes:
        await _store(cases, events, caller, updated, changes)
    return updated, link


async def remove_case_link(
    *,
    cases: CaseRepository,
    registers: RegisterReplicas,
    events: EventFactory,
    caller: User,
    case_id: str,
    expected_version: int,
    link_id: str,
) -> Case:
    case = await readable_current_case(
        cases=cases, registers=registers, caller=caller, case_id=case_id, expected_version=expected_version
    )
    updated, changes = remove_link(case, link_id)
    await _store(cases, events, caller, updated, changes)
    return updated


# --- the two halves ------------------------------------------------------------------------------


async def _claim(
    cases: CaseRepository,
    events: EventFactory,
    caller: User,
    *,
    main: Case,
    sub: Case,
    ancestors: Sequence[str],
    description: str,
    now: datetime,
    status: CaseStatus | None = None,
    inherit_from: Case | None = None,
) -> Case:
    """Write the sub-case's half (with a new status and inherited case types when asked), re-read
    on a concurrent change. A sub-case that already names this main case gets only what differs."""
    for _ in range(ATTEMPTS):
        refuse_if_locked_by_other(sub, user_id=caller.id, now=now)
        changed, changes = claim_as_sub(
            sub, main, main_ancestors=ancestors, description=description, by_id=caller.id, now=now
        )
        if status is not None:
            changed, more = change_status(changed, status, by_id=caller.id, now=now)
            changes += more
        if inherit_from is not None:
            changed, more = inherit_case_types(changed, inherit_from)
            changes += more
        if not changes:
            return sub
        try:
            return await _store(cases, events, caller, _one_step(sub, changed), changes)
        except ConcurrencyConflict:
            sub = await cases.require(sub.id)
    raise _busy(sub)


async def _index(
    cases: CaseRepository,
    events: EventFactory,
    caller: User,
    *,
    main_id: str,
    subs: Sequence[Case],
    description: str,
    now: datetime,
) -> Case:
    """Write the main case's half for the claimed sub-cases. A sub-case that became one of the main
    case's own main cases meanwhile (a concurrent relation the other way) would close a cycle: its
    claim is released again and the request refused."""
    for _ in range(ATTEMPTS):
        main = await cases.require(main_id)
        ancestors = set(await main_case_chain(cases, main))
        cyclic = [sub for sub in subs if sub.id in ancestors]
        for sub in cyclic:
            await _write(cases, events, caller, sub.id, lambda current: release_sub(current, main_id))
        keep = [sub for sub in subs if sub.id not in ancestors]
        updated, changes = index_sub_cases(main, keep, description=description, by_id=caller.id, now=now)
        try:
            if changes:
                await _store(cases, events, caller, updated, changes)
        except ConcurrencyConflict:
            continue
        if cyclic:
            numbers = ", ".join(sub.number for sub in cyclic)
            raise Conflict(f"Relationen till {numbers} skulle bli en cirkel", field="sub_case_ids")
        return updated
    raise ConcurrencyConflict("Huvudärendet ändrades samtidigt; försök igen så slutförs relationen")


async def _write(cases: CaseRepository, events: EventFactory, caller: User, case_id: str, change: _Change) -> None:
    """Apply an idempotent change to the latest version of a case, re-reading on a concurrent write."""
    await change_latest(cases=cases, events=events, case_id=case_id, change=change, actor=caller.id)


async def _store(
    cases: CaseRepository, events: EventFactory, caller: User, case: Case, changes: Sequence[FieldChange]
) -> Case:
    return await store_change(cases=cases, events=events, actor=caller.id, changed=case, changes=changes)


async def _referenced_case(
    cases: CaseRepository, registers: RegisterReplicas, caller: User, case_id: str, *, field: str
) -> Case:
    """A case named in the request body: one the caller cannot see is bad input, not a missing URL."""
    try:
        return await readable_case(cases=cases, registers=registers, caller=caller, case_id=case_id)
    except NotFound:
        raise InvalidInput(f"Ärendet {case_id} finns inte", field=field) from None


def _unique(ids: Sequence[str]) -> list[str]:
    unique = list(dict.fromkeys(i.strip() for i in ids if i.strip()))
    if not unique:
        raise InvalidInput("Välj minst ett ärende att relatera", field="sub_case_ids")
    return unique


def _one_step(before: Case, after: Case) -> Case:
    """Several rules applied in a row each move the version; the write moves it once."""
    return after.model_copy(update={"version": before.next_version()})


def _busy(case: Case) -> ConcurrencyConflict:
    return ConcurrencyConflict(f"Ärendet {case.number} ändrades samtidigt; försök igen")
