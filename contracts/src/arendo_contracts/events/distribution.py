"""Distribution (INB-05..INB-08): the inbox-service decides, the case-service moves the case."""

from pydantic import BaseModel, ConfigDict, Field

from arendo_contracts.messages import Event
from arendo_contracts.vocabulary import InboxKind


class CaseDistribution(BaseModel):
    model_config = ConfigDict(frozen=True)

    distribution_id: str
    case_id: str
    case_number: str
    from_inbox_id: str
    to_inbox_id: str
    to_inbox_name: str
    to_inbox_kind: InboxKind
    officer_id: str | None = None
    officer_name: str | None = None
    note: str | None = Field(default=None, description='becomes an internal service note titled "Fördelat ärende"')
    require_feedback: bool = Field(
        default=False, description="the specialist group may only return the case, not close it (INB-06)"
    )
    drag_and_drop: bool = False
    distributed_by: str
    distributed_by_name: str


class CaseDistributedV1(Event):
    """A case was distributed to another inbox; the case-service moves it and records the note."""

    routing_key = "distribution.case_distributed.v1"

    distribution: CaseDistribution

    def subject_id(self) -> str:
        return self.distribution.case_id
