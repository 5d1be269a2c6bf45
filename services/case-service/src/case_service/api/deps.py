"""Typed FastAPI dependencies of the case-service."""

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request

from arendo_kit.outbox import EventFactory
from case_service.store import CaseNumbers, CaseRepository, RegisterReplicas


@dataclass(frozen=True)
class CaseContext:
    cases: CaseRepository
    numbers: CaseNumbers
    registers: RegisterReplicas
    events: EventFactory


def get_context(request: Request) -> CaseContext:
    context: CaseContext = request.app.state.context
    return context


Context = Annotated[CaseContext, Depends(get_context)]
