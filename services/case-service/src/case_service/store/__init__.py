"""The only package of the case-service that speaks MongoDB."""

from case_service.store import cases, search
from case_service.store.cases import CaseNumbers, CaseRepository
from case_service.store.registers import RegisterReplicas

INDEXES = (
    *cases.INDEXES,
    *search.INDEXES,
)
OUTBOX_COLLECTIONS = (*cases.OUTBOX_COLLECTIONS,)

__all__ = ["INDEXES", "OUTBOX_COLLECTIONS", "CaseNumbers", "CaseRepository", "RegisterReplicas"]
