"""Typed FastAPI dependencies of the inbox-service."""

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request

from arendo_kit.outbox import EventFactory
from inbox_service.store import InboxRepository, InboxViewStore, UserRepository


@dataclass(frozen=True)
class InboxContext:
    inboxes: InboxRepository
    users: UserRepository
    view: InboxViewStore
    events: EventFactory


def get_context(request: Request) -> InboxContext:
    context: InboxContext = request.app.state.context
    return context


Context = Annotated[InboxContext, Depends(get_context)]
