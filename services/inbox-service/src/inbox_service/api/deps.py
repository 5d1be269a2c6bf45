"""Typed FastAPI dependencies of the inbox-service."""

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends

from arendo_kit.http import from_app_state
from arendo_kit.outbox import EventFactory
from inbox_service.store import FavouritesStore, InboxRepository, InboxViewStore, UserRepository


@dataclass(frozen=True)
class InboxContext:
    inboxes: InboxRepository
    users: UserRepository
    view: InboxViewStore
    favourites: FavouritesStore
    events: EventFactory


Context = Annotated[InboxContext, Depends(from_app_state("context", InboxContext))]
