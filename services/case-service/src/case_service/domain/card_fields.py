"""Value objects the case card holds for classification (CASE-04, CASE-05) and the lock (CASE-26).

Kept apart from `case.py` so the rule modules that use them can import the Case without a cycle.
"""

from datetime import datetime

from pydantic import BaseModel, ConfigDict

from arendo_contracts.events.case import CaseLockSummary

TYPE_CATEGORY_SEPARATOR = " – "


class CaseTypeChoice(BaseModel):
    """A case type from the diary plan of the case's inbox, with its optional category; the
    knowledge entries linked to the type when it was chosen (the kb-service shows them)."""

    model_config = ConfigDict(frozen=True)

    case_type: str
    category: str | None = None
    kb_entry_ids: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        """`<type> - <category>` (en dash), or the type alone: the default title, and how a change is recorded."""
        return self.case_type if self.category is None else f"{self.case_type}{TYPE_CATEGORY_SEPARATOR}{self.category}"


class RegisterRef(BaseModel):
    """An area or organisation chosen for the case, with its name when chosen."""

    model_config = ConfigDict(frozen=True)

    id: str
    name: str


class CaseLock(BaseModel):
    """Who has the case card open for editing (CASE-26); it counts until `expires_at`, which each
    heartbeat moves forward."""

    model_config = ConfigDict(frozen=True)

    holder_id: str
    holder_name: str
    since: datetime
    expires_at: datetime

    def summary(self) -> CaseLockSummary:
        """As the inbox view shows it: who holds the lock and since when."""
        return CaseLockSummary(
            locked_by=self.holder_id, locked_by_name=self.holder_name, locked_at=self.since, expires_at=self.expires_at
        )
