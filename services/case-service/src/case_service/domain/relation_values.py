"""Value objects the case holds for its relations (CASE-13, CASE-14) and alerts (CASE-16).

Kept apart from `case.py` so the rule modules that use them can import the Case without a cycle.
"""

from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict


class CaseRelation(BaseModel):
    """One end of a main case / sub-case relation, as stored on the other case: the main case
    keeps one per sub-case, a sub-case keeps one for its main case. The description is the
    message given when the cases were related."""

    model_config = ConfigDict(frozen=True)

    case_id: str
    case_number: str
    description: str = ""
    related_by: str
    related_at: datetime


class LinkRelation(BaseModel):
    """A web link related to the case (http or https), with an optional description."""

    model_config = ConfigDict(frozen=True)

    id: str
    url: str
    description: str = ""
    added_by: str
    added_at: datetime


class AlertKind(StrEnum):
    CUSTOMER_REPLY_RECEIVED = "customer_reply_received"
    NOT_ANSWERED_IN_TIME = "not_answered_in_time"
    REOPENED_AUTOMATICALLY = "reopened_automatically"


class Alert(BaseModel):
    """Something on the case the officer should notice (varning); an officer removes it."""

    model_config = ConfigDict(frozen=True)

    id: str
    kind: AlertKind
    message: str
    raised_at: datetime
    source_id: str  # the event or timer that raised it, so a repeated delivery raises nothing
