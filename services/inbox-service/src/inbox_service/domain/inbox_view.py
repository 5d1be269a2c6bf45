"""The inbox view's rules (INB-04): one row per case; urgent first, then prioritised, then the
rest; within a tier the order asked for; filters, grouping with counts and paging. No I/O."""

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any

from arendo_contracts.events.case import CaseSummary
from arendo_contracts.vocabulary import CaseStatus, Channel, Priority
from arendo_kit.repository import AggregateRoot
from arendo_kit.text import fold

PRIORITY_RANK = {Priority.URGENT: 0, Priority.PRIORITISED: 1, Priority.NORMAL: 2}
STATUS_RANK = {
    CaseStatus.NEW: 0,
    CaseStatus.IN_PROGRESS: 1,
    CaseStatus.WAITING: 2,
    CaseStatus.REOPENED: 3,
    CaseStatus.CLOSED: 4,
}
NO_OFFICER = "Ingen handläggare"
NO_CUSTOMER = "Ingen kund"
NO_CASE_TYPE = "Ingen ärendetyp"

STATUS_LABELS = {
    CaseStatus.NEW: "Ny",
    CaseStatus.IN_PROGRESS: "Pågående",
    CaseStatus.WAITING: "Vilande",
    CaseStatus.REOPENED: "Återöppnat",
    CaseStatus.CLOSED: "Avslutat",
}
PRIORITY_LABELS = {Priority.URGENT: "Akut", Priority.PRIORITISED: "Prioriterad", Priority.NORMAL: "Normal"}
CHANNEL_LABELS = {
    Channel.PHONE: "Telefonsamtal",
    Channel.EMAIL: "E-post",
    Channel.SMS: "SMS",
    Channel.LETTER: "Brev",
    Channel.VISIT: "Besök",
    Channel.E_SERVICE: "E-tjänst",
    Channel.MY_PAGES: "Mina sidor",
    Channel.FACEBOOK: "Facebook",
    Channel.TWITTER: "Twitter",
    Channel.CHAT: "Chatt",
}

# Å, Ä and Ö are letters of their own that follow Z; these stand-ins sort right after "z".
_SWEDISH_ORDER = str.maketrans({"å": "{", "ä": "|", "ö": "}", "æ": "|", "ø": "}"})


class SortColumn(StrEnum):
    NUMBER = "number"
    TITLE = "title"
    CUSTOMER = "customer"
    CASE_TYPES = "case_types"
    STATUS = "status"
    OFFICER = "officer"
    ARRIVED_AT = "arrived_at"
    CHANNEL = "channel"


class GroupColumn(StrEnum):
    STATUS = "status"
    PRIORITY = "priority"
    OFFICER = "officer"
    CASE_TYPE = "case_type"
    CHANNEL = "channel"
    CUSTOMER = "customer"


SORT_FIELDS = {
    SortColumn.NUMBER: "number",
    SortColumn.TITLE: "sort_title",
    SortColumn.CUSTOMER: "sort_customer",
    SortColumn.CASE_TYPES: "sort_case_types",
    SortColumn.STATUS: "status_rank",
    SortColumn.OFFICER: "sort_officer",
    SortColumn.ARRIVED_AT: "arrived_at",
    SortColumn.CHANNEL: "channel",
}
# The stored field each group is counted on; case types are a list and are counted by the service.
GROUP_FIELDS = {
    GroupColumn.STATUS: "status",
    GroupColumn.PRIORITY: "priority",
    GroupColumn.OFFICER: "officer_label",
    GroupColumn.CHANNEL: "channel",
    GroupColumn.CUSTOMER: "customer_label",
}
GROUP_SORT_FIELDS = {
    GroupColumn.STATUS: "status_rank",
    GroupColumn.PRIORITY: "priority_rank",
    GroupColumn.OFFICER: "sort_officer",
    GroupColumn.CASE_TYPE: "sort_case_types",
    GroupColumn.CHANNEL: "channel",
    GroupColumn.CUSTOMER: "sort_customer",
}

OFFICER_NONE = "none"


def swedish_sort_key(text: str) -> str:
    return text.casefold().translate(_SWEDISH_ORDER)


def row_from_summary(summary: CaseSummary) -> dict[str, Any]:
    """The stored row: the summary plus the keys the view sorts, groups and searches on."""
    row = summary.model_dump(mode="python", exclude={"case_id", "version", "lock"})
    row.update(lock_columns(summary))
    officer = officer_label(summary.officer_name)
    customer = summary.customer_display_name or NO_CUSTOMER
    row.update(
        priority_rank=PRIORITY_RANK[summary.priority],
        status_rank=STATUS_RANK[summary.status],
        officer_label=officer,
        customer_label=customer,
        sort_title=swedish_sort_key(summary.title),
        sort_customer=swedish_sort_key(summary.customer_display_name or ""),
        sort_officer=swedish_sort_key(summary.officer_name or ""),
        sort_case_types=swedish_sort_key(", ".join(summary.case_types)),
        search_text=fold(
            " ".join([summary.number, summary.title, summary.customer_display_name or "", *summary.case_types])
        ),
    )
    return row


def lock_columns(summary: CaseSummary) -> dict[str, Any]:
    """Who holds the lock and since when (CASE-26), for the row; none when the case is not locked.
    The row is replaced whole by each summary, so a release clears them. A summary from before
    the lock was published says only `flags.locked`: the row shows the icon without a name."""
    lock = summary.lock
    if lock is None:
        return {}
    return {"locked_by": lock.locked_by, "locked_by_name": lock.locked_by_name, "locked_at": lock.locked_at}


def officer_label(officer_name: str | None) -> str:
    return officer_name or NO_OFFICER


def group_label(column: GroupColumn, value: str) -> str:
    if column is GroupColumn.STATUS:
        return STATUS_LABELS.get(CaseStatus(value), value)
    if column is GroupColumn.PRIORITY:
        return PRIORITY_LABELS.get(Priority(value), value)
    if column is GroupColumn.CHANNEL:
        return CHANNEL_LABELS.get(Channel(value), value)
    return value


def visible_to(*, confidential: bool, may_read_confidential: bool) -> bool:
    return not confidential or may_read_confidential


@dataclass(frozen=True)
class ViewQuery:
    """What an officer asked of a list: filters, order, grouping and the page."""

    text: str | None = None
    statuses: tuple[CaseStatus, ...] = ()
    officer: str | None = None  # a user id, or OFFICER_NONE for "Ingen handläggare"
    case_type: str | None = None
    sort: SortColumn | None = None
    descending: bool = False
    group_by: GroupColumn | None = None
    page: int = 1
    page_size: int = 50
    only_case_ids: tuple[str, ...] | None = field(default=None)

    @property
    def skip(self) -> int:
        return (self.page - 1) * self.page_size


def order_for(query: ViewQuery) -> list[tuple[str, int]]:
    """Groups first when grouping, then the priority tier, then the column asked for, then a
    stable tie-break; without a column, the oldest arrival comes first, as a queue is worked."""
    direction = -1 if query.descending else 1
    order: list[tuple[str, int]] = []
    if query.group_by is not None:
        order.append((GROUP_SORT_FIELDS[query.group_by], 1))
    order.append(("priority_rank", 1))
    if query.sort is None:
        order += [("arrived_at", direction), ("number", direction)]
    else:
        column = SORT_FIELDS[query.sort]
        order.append((column, direction))
        if column != "number":
            order.append(("number", direction))
    return order


class ViewRebuild(AggregateRoot):
    """A request to rebuild the view from scratch: cleared here, refilled by the case-service's replay."""

    requested_by: str
    requested_at: datetime
    cleared_rows: int
