"""Events of the case-service. Each carries the case summary so projections are version-guarded upserts."""

from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from arendo_contracts.envelope import CloudEvent
from arendo_contracts.messages import Event
from arendo_contracts.vocabulary import CaseStatus, Channel, Priority


class CaseFlags(BaseModel):
    model_config = ConfigDict(frozen=True)

    has_notes: bool = False
    has_alerts: bool = False
    has_referral_answer: bool = False
    locked: bool = False


class CaseLockSummary(BaseModel):
    """Who has the case card open for editing (CASE-26), so a list can show the holder and since when."""

    model_config = ConfigDict(frozen=True)

    locked_by: str = Field(description="user id of the officer holding the lock")
    locked_by_name: str = Field(description="the holder's name, as officers see it")
    locked_at: datetime = Field(description="when the holder took the lock")
    expires_at: datetime = Field(
        description="when the lock counts as free unless the holder's card keeps it alive; heartbeats move it "
        "without an event, so it may lie later than published. The lock stays in the summary until "
        "the case publishes its release (unlocked, or removed by the lock-expiry timer)"
    )


class CaseSummary(BaseModel):
    """What every projection of a case needs; `version` orders the snapshots of one case."""

    model_config = ConfigDict(frozen=True)

    case_id: str
    number: str = Field(pattern=r"^\d{4}-\d{6}$")
    title: str
    status: CaseStatus
    priority: Priority
    channel: Channel
    inbox_id: str
    officer_id: str | None = None
    officer_name: str | None = None
    customer_display_name: str | None = None
    case_types: tuple[str, ...] = ()
    flags: CaseFlags = CaseFlags()
    lock: CaseLockSummary | None = Field(
        default=None, description="set exactly when `flags.locked`; absent in events published before it existed"
    )
    confidential: bool = False
    arrived_at: datetime
    registered_at: datetime
    closed_at: datetime | None = None
    version: int = Field(ge=1)


class FieldChange(BaseModel):
    model_config = ConfigDict(frozen=True)

    field: str
    old: str | None = None
    new: str | None = None


class CaseEvent(Event):
    """Every case event carries the summary after the change, so a projection needs no other event."""

    case: CaseSummary

    def subject_id(self) -> str:
        return self.case.case_id


class CaseCreatedV1(CaseEvent):
    """A case was registered (CASE-01, CASE-02); it has its case number from now on."""

    routing_key = "case.created.v1"


class CaseSnapshotV1(CaseEvent):
    """The case as it is now, sent on request to one queue when a projection is rebuilt; nothing changed."""

    routing_key = "case.snapshot.v1"


class CaseUpdatedV1(CaseEvent):
    """Fields of the case card changed; `changes` lists each field with its old and new value."""

    routing_key = "case.updated.v1"

    changes: tuple[FieldChange, ...] = ()


class CaseClosedV1(CaseUpdatedV1):
    """The case was closed (CASE-27): its closing date is set and its internal notes are deleted.
    `changes` lists what changed, as in `case.updated.v1`."""

    routing_key = "case.closed.v1"

    closed_by: str = Field(description="user id of who closed it, or `system`")


class ReopenReason(StrEnum):
    MANUAL = "manual"  # an officer reopened it
    SCHEDULED = "scheduled"  # a reopening an officer scheduled came due
    CUSTOMER_REPLY = "customer_reply"  # the customer replied within the system-set limit after closing


class CaseReopenedV1(CaseUpdatedV1):
    """A closed case was reopened (CASE-28), with why; `notify_user_ids` are the officers to tell
    (the case's officer when it was reopened automatically)."""

    routing_key = "case.reopened.v1"

    reason: ReopenReason
    reopened_by: str = Field(description="user id of who reopened it, or `system`")
    message: str = ""
    notify_user_ids: tuple[str, ...] = ()


CASE_CHANGE_EVENTS: tuple[type[CaseUpdatedV1], ...] = (CaseUpdatedV1, CaseClosedV1, CaseReopenedV1)


def case_summary_of(event: CloudEvent) -> CaseSummary:
    """The summary of any `case.*` event, also of kinds added after this consumer was built."""
    return event.unwrap(CaseEvent).case


def case_changes_of(event: CloudEvent) -> tuple[FieldChange, ...] | None:
    """The field changes of an event that changed a case (updated, closed, reopened); None for
    any other kind (created, snapshot)."""
    if event.routing_key not in {kind.routing_key for kind in CASE_CHANGE_EVENTS}:
        return None
    return event.unwrap(CaseUpdatedV1).changes


class FavouritesSnapshot(BaseModel):
    """An officer's favourite cases (CASE-30), whole, so a projection needs no other event."""

    model_config = ConfigDict(frozen=True)

    user_id: str
    case_ids: tuple[str, ...] = ()
    version: int = Field(ge=1)


class FavouritesChangedV1(Event):
    """An officer added or removed a favourite; carries the officer's whole list."""

    routing_key = "favourites.changed.v1"

    favourites: FavouritesSnapshot

    def subject_id(self) -> str:
        return self.favourites.user_id
