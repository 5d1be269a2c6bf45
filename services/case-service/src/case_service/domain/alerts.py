"""Alerts on a case (CASE-16, varningar) and the reply-time limit that raises one; no I/O.

An alert is raised by something that happened (a customer reply arrived, the case was not
answered within its inbox's reply-time limit, it was reopened automatically) and stays until an
officer removes it. Each is raised at most once per source (event or timer), so a redelivery
raises nothing twice, even after an officer removed the first one.
"""

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from arendo_contracts.events.case import FieldChange
from arendo_contracts.vocabulary import CaseStatus, Channel
from arendo_kit.errors import NotFound
from case_service.domain.case import Case
from case_service.domain.labels import CHANNEL_LABELS
from case_service.domain.relation_values import Alert, AlertKind

ALERT_LABELS: dict[str, str] = {
    AlertKind.CUSTOMER_REPLY_RECEIVED: "Kundsvar inkommit",
    AlertKind.NOT_ANSWERED_IN_TIME: "Ej besvarat inom utsatt tid",
    AlertKind.REOPENED_AUTOMATICALLY: "Automatiskt återöppnat",
}
MAX_REMEMBERED_SOURCES = 50
MAX_MESSAGE = 500


def raise_alert(
    case: Case, kind: AlertKind, *, message: str, source_id: str, now: datetime
) -> tuple[Case, list[FieldChange]]:
    if source_id in case.alert_sources:
        return case, []
    alert = Alert(
        id=str(uuid.uuid4()),
        kind=kind,
        message=" ".join(message.split())[:MAX_MESSAGE] or ALERT_LABELS[kind],
        raised_at=now,
        source_id=source_id,
    )
    changes = [FieldChange(field="alert", old=None, new=ALERT_LABELS[kind])]
    updated = case.model_copy(
        update={
            "alerts": (*case.alerts, alert),
            "alert_sources": (*case.alert_sources, source_id)[-MAX_REMEMBERED_SOURCES:],
            "version": case.next_version(),
        }
    )
    return updated, changes


def remove_alert(case: Case, alert_id: str) -> tuple[Case, list[FieldChange]]:
    """An officer removes an alert (the red cross); its source stays remembered."""
    gone = [alert for alert in case.alerts if alert.id == alert_id]
    if not gone:
        raise NotFound("Varningen finns inte på ärendet")
    kept = tuple(alert for alert in case.alerts if alert.id != alert_id)
    changes = [FieldChange(field="alert", old=ALERT_LABELS[gone[0].kind], new=None)]
    return case.model_copy(update={"alerts": kept, "version": case.next_version()}), changes


def customer_reply_message(*, channel: Channel, title: str | None, sender: str | None) -> str:
    via = CHANNEL_LABELS.get(channel, channel.value)
    text = f"Kundsvar inkommit via {via}"
    if sender:
        text += f" från {sender}"
    if title:
        text += f": {title}"
    return text


def not_answered_message(hours: int) -> str:
    unit = "timme" if hours == 1 else "timmar"
    return f"Ärendet har inte besvarats inom utsatt tid ({hours} {unit})"


# --- the reply-time limit -------------------------------------------------------------------


class ReplyTimeAction(StrEnum):
    SCHEDULE = "schedule"
    CANCEL = "cancel"
    KEEP = "keep"


@dataclass(frozen=True)
class ReplyTimePlan:
    action: ReplyTimeAction
    due_at: datetime | None = None


KEEP = ReplyTimePlan(ReplyTimeAction.KEEP)
CANCEL = ReplyTimePlan(ReplyTimeAction.CANCEL)


def plan_reply_time(
    *,
    created: bool,
    changes: Sequence[FieldChange],
    limit_hours: int | None,
    arrived_at: datetime,
    at: datetime,
) -> ReplyTimePlan:
    """What a case event means for the case's reply-time timer. `limit_hours` is the limit of the
    inbox the case is in after the event. The clock starts when the case arrived (a new case) or
    when it was moved into the inbox; an answer or closing stops it."""
    by_field = {change.field: change for change in changes}
    answered = by_field.get("customer_answered")
    status = by_field.get("status")
    if (answered is not None and answered.new == "true") or (status is not None and status.new == CaseStatus.CLOSED):
        return CANCEL
    if created:
        return _schedule(limit_hours, arrived_at)
    if "inbox_id" in by_field:
        return _schedule(limit_hours, at) if limit_hours else CANCEL
    return KEEP


def _schedule(limit_hours: int | None, start: datetime) -> ReplyTimePlan:
    if not limit_hours or limit_hours <= 0:
        return KEEP
    return ReplyTimePlan(ReplyTimeAction.SCHEDULE, start + timedelta(hours=limit_hours))


def overdue(case: Case, *, inbox_id: str) -> bool:
    """When the timer fires: the case is still in that inbox, open, and the customer unanswered."""
    return case.inbox_id == inbox_id and case.status is not CaseStatus.CLOSED and not case.customer_answered
