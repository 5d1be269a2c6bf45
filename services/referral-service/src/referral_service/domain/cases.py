"""What the referral-service needs to know of a case: its number goes into every referral subject."""

from arendo_contracts.events.case import CaseSummary
from arendo_contracts.vocabulary import CaseStatus


def case_token(number: str) -> str:
    """The token a referral's subject keeps so an answer finds its case (REF-01, REF-03)."""
    return f"[Ärende {number}]"


def may_refer(summary: CaseSummary) -> bool:
    return summary.status is not CaseStatus.CLOSED


def visible_without_permission(summary: CaseSummary) -> bool:
    # This service does not replicate users' permissions yet; a confidential case stays hidden.
    return not summary.confidential
