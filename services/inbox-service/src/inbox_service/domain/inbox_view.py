"""The inbox view's rules: one row per case, urgent first, then prioritised, then the rest."""

from typing import Any

from arendo_contracts.events.case import CaseSummary
from arendo_contracts.vocabulary import Priority

PRIORITY_RANK = {Priority.URGENT: 0, Priority.PRIORITISED: 1, Priority.NORMAL: 2}
NO_OFFICER = "Ingen handläggare"

# Within a tier the oldest arrival comes first, as a queue is worked; the number breaks ties.
DEFAULT_ORDER: tuple[tuple[str, int], ...] = (("priority_rank", 1), ("arrived_at", 1), ("number", 1))


def row_from_summary(summary: CaseSummary) -> dict[str, Any]:
    row = summary.model_dump(mode="python", exclude={"case_id", "version"})
    row["priority_rank"] = PRIORITY_RANK[summary.priority]
    return row


def officer_label(officer_name: str | None) -> str:
    return officer_name or NO_OFFICER


def visible_to(*, confidential: bool, may_read_confidential: bool) -> bool:
    return not confidential or may_read_confidential
