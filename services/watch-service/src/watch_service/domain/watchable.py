"""Which watch kinds (WAT-01) can still be set on a case, given what is known of it."""

from enum import StrEnum

from arendo_contracts.events.case import CaseSummary
from arendo_contracts.vocabulary import CaseStatus


class WatchKind(StrEnum):
    OFFICER_NOT_SET = "officer_not_set"
    CUSTOMER_REPLY_RECEIVED = "customer_reply_received"
    CASE_NOT_CLOSED = "case_not_closed"
    REPLY_NOT_SENT = "reply_not_sent"
    REFERRAL_ANSWER_RECEIVED = "referral_answer_received"
    CASE_CHANGED = "case_changed"


def available_watch_kinds(summary: CaseSummary) -> list[WatchKind]:
    if summary.status is CaseStatus.CLOSED:
        return [WatchKind.CUSTOMER_REPLY_RECEIVED, WatchKind.CASE_CHANGED]
    kinds = list(WatchKind)
    if summary.officer_id is not None:
        kinds.remove(WatchKind.OFFICER_NOT_SET)
    return kinds
