"""Typed FastAPI dependencies of the case-service."""

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends

from arendo_kit.http import from_app_state
from arendo_kit.outbox import EventFactory
from arendo_kit.timers import TimerStore
from case_service.store import AttachmentStore, CaseNumbers, CaseRepository, EventLogStore, RegisterReplicas
from case_service.store.clipboard import ClipboardRepository
from case_service.store.customers import CustomerCases, CustomerRegister
from case_service.store.drafts import DraftRepository
from case_service.store.favourites import FavouritesRepository
from case_service.store.properties import LocalPropertyRegister


@dataclass(frozen=True)
class CaseContext:
    cases: CaseRepository
    numbers: CaseNumbers
    registers: RegisterReplicas
    events: EventFactory
    customers: CustomerRegister  # the customer register (CASE-10)
    customer_cases: CustomerCases  # other cases of a customer (CASE-12)
    properties: LocalPropertyRegister  # the property register (CASE-11); an external one would sit beside it
    timers: TimerStore  # durable timers: lock expiry (CASE-26)
    event_log: EventLogStore  # the event log projection (CASE-15)
    attachments: AttachmentStore  # attachment files and records (CASE-22)
    attachment_max_bytes: int
    favourites: FavouritesRepository  # each officer's favourites (CASE-30)
    drafts: DraftRepository  # each officer's unfinished notes and replies, "Mina utkast" (CASE-20)
    clipboards: ClipboardRepository  # each user's clipboard for copy, cut and paste (CASE-29)


Context = Annotated[CaseContext, Depends(from_app_state("context", CaseContext))]
