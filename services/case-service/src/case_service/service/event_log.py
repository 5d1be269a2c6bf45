"""Use cases of the event log (CASE-15): kept from the case-service's own case events, read per case."""

from dataclasses import dataclass

from arendo_contracts import CloudEvent
from arendo_contracts.events.case import CaseCreatedV1, case_changes_of, case_summary_of
from arendo_kit.auth import User
from case_service.domain.event_log import (
    EventLogEntry,
    Group,
    GroupColumn,
    LogFilter,
    SortColumn,
    actor_display_name,
    entries_of_changes,
    entries_of_created,
    group,
    select,
    sort_entries,
)
from case_service.service.access import readable_case
from case_service.store import CaseRepository, EventLogStore, RegisterReplicas


async def record_case_event(*, log: EventLogStore, registers: RegisterReplicas, event: CloudEvent) -> int:
    """Turn a case event into log entries: a registration one, an update one per changed field.
    The actor's name is the one the user register has now (the id when it has none)."""
    user = await registers.users.get(event.actor) if event.actor else None
    actor_name = actor_display_name(event.actor, user.name if user else None)
    if event.routing_key == CaseCreatedV1.routing_key:
        created = event.unwrap(CaseCreatedV1)
        entries = entries_of_created(
            event_id=event.id, case_id=created.case.case_id, at=event.time, actor_id=event.actor, actor_name=actor_name
        )
    elif (changes := case_changes_of(event)) is not None:
        entries = entries_of_changes(
            event_id=event.id,
            case_id=case_summary_of(event).case_id,
            at=event.time,
            actor_id=event.actor,
            actor_name=actor_name,
            changes=changes,
        )
    else:
        return 0  # a snapshot or another kind of case event records no change
    await log.record(entries)
    return len(entries)


@dataclass(frozen=True)
class EventLogView:
    entries: list[EventLogEntry]
    groups: list[Group] | None


async def read_event_log(
    *,
    cases: CaseRepository,
    registers: RegisterReplicas,
    log: EventLogStore,
    caller: User,
    case_id: str,
    wanted: LogFilter,
    sort: SortColumn = SortColumn.AT,
    descending: bool = True,
    group_by: GroupColumn | None = None,
) -> EventLogView:
    case = await readable_case(cases=cases, registers=registers, caller=caller, case_id=case_id)
    entries = sort_entries(select(await log.for_case(case.id), wanted), sort, descending=descending)
    if group_by is None:
        return EventLogView(entries=entries, groups=None)
    ordered, groups = group(entries, group_by)
    return EventLogView(entries=ordered, groups=groups)
