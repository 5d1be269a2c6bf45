"""HTTP API of the event log (CASE-15, händelser): filter by type, dates and officer; sort by any
column both ways; group by a column."""

from datetime import datetime
from enum import StrEnum
from typing import Annotated

from fastapi import APIRouter, Path, Query
from pydantic import AwareDatetime, BaseModel, Field

from arendo_kit.auth import CurrentUser
from arendo_kit.errors import InvalidInput
from case_service.api.deps import Context
from case_service.domain.event_log import EventLogEntry, EventType, GroupColumn, LogFilter, SortColumn, type_label
from case_service.domain.labels import field_label, value_label
from case_service.service.event_log import read_event_log

router = APIRouter(prefix="/api/cases", tags=["event log"])

CaseId = Annotated[str, Path(min_length=1, max_length=64)]


class Order(StrEnum):
    ASC = "asc"
    DESC = "desc"


class EventLogEntryOut(BaseModel):
    id: str
    at: datetime
    actor_id: str
    actor_name: str
    type: EventType
    type_label: str
    field: str | None
    field_label: str | None
    old: str | None
    new: str | None
    old_text: str | None = Field(description="the old value as the officer sees it")
    new_text: str | None = Field(description="the new value as the officer sees it")

    @classmethod
    def of(cls, entry: EventLogEntry) -> "EventLogEntryOut":
        return cls(
            id=entry.id,
            at=entry.at,
            actor_id=entry.actor_id,
            actor_name=entry.actor_name,
            type=entry.type,
            type_label=type_label(entry.type),
            field=entry.field,
            field_label=field_label(entry.field),
            old=entry.old,
            new=entry.new,
            old_text=value_label(entry.field, entry.old),
            new_text=value_label(entry.field, entry.new),
        )


class GroupOut(BaseModel):
    key: str
    label: str
    count: int


class EventLogOut(BaseModel):
    case_id: str
    total: int
    entries: list[EventLogEntryOut]
    groups: list[GroupOut] | None = Field(description="the groups in order with their counts, when grouped")


@router.get("/{case_id}/event-log", response_model=EventLogOut)
async def event_log(
    case_id: CaseId,
    ctx: Context,
    caller: CurrentUser,
    event_type: Annotated[EventType | None, Query(alias="type", description="händelsetyp")] = None,
    since: Annotated[AwareDatetime | None, Query(description="from (inclusive)")] = None,
    until: Annotated[AwareDatetime | None, Query(description="to (inclusive)")] = None,
    officer: Annotated[str | None, Query(max_length=200, description="user id or part of the name")] = None,
    sort: SortColumn = SortColumn.AT,
    order: Order = Order.DESC,
    group_by: GroupColumn | None = None,
) -> EventLogOut:
    """Who changed what when, from old to new; newest first unless asked otherwise."""
    if since is not None and until is not None and since > until:
        raise InvalidInput("Från-datum ligger efter till-datum", field="since")
    view = await read_event_log(
        cases=ctx.cases,
        registers=ctx.registers,
        log=ctx.event_log,
        caller=caller,
        case_id=case_id,
        wanted=LogFilter(type=event_type, since=since, until=until, officer=officer),
        sort=sort,
        descending=order is Order.DESC,
        group_by=group_by,
    )
    groups = None if view.groups is None else [GroupOut(key=g.key, label=g.label, count=g.count) for g in view.groups]
    return EventLogOut(
        case_id=case_id,
        total=len(view.entries),
        entries=[EventLogEntryOut.of(entry) for entry in view.entries],
        groups=groups,
    )
