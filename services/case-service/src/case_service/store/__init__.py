"""The only package of the case-service that speaks MongoDB."""

from case_service.store import attachments, cases, customers, drafts, event_log, favourites, properties, search
from case_service.store.attachments import AttachmentStore
from case_service.store.cases import CaseNumbers, CaseRepository
from case_service.store.customers import CustomerCases, CustomerRegister
from case_service.store.event_log import EventLogStore
from case_service.store.properties import LocalPropertyRegister
from case_service.store.registers import RegisterReplicas

INDEXES = (
    *cases.INDEXES,
    *search.INDEXES,
    *customers.INDEXES,
    *properties.INDEXES,
    *event_log.INDEXES,
    *attachments.INDEXES,
    *drafts.INDEXES,
)
OUTBOX_COLLECTIONS = (*cases.OUTBOX_COLLECTIONS, *favourites.OUTBOX_COLLECTIONS)

__all__ = [
    "INDEXES",
    "OUTBOX_COLLECTIONS",
    "AttachmentStore",
    "CaseNumbers",
    "CaseRepository",
    "CustomerCases",
    "CustomerRegister",
    "EventLogStore",
    "LocalPropertyRegister",
    "RegisterReplicas",
]
