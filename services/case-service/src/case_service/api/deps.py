"""Typed FastAPI dependencies of the case-service."""

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends

from arendo_kit.http import from_app_state
from arendo_kit.outbox import EventFactory
from case_service.store import CaseNumbers, CaseRepository, RegisterReplicas


@dataclass(frozen=True)
class CaseContext:
    cases: CaseRepository
    numbers: CaseNumbers
    registers: RegisterReplicas
    events: EventFactory


Context = Annotated[CaseContext, Depends(from_app_state("context", CaseContext))]
