"""The only package of the inbox-service that speaks MongoDB."""

from inbox_service.store import inbox_view, registers
from inbox_service.store.inbox_view import FavouritesStore, InboxViewStore
from inbox_service.store.registers import InboxRepository, UserRepository

INDEXES = (*registers.INDEXES, *inbox_view.INDEXES)
OUTBOX_COLLECTIONS = registers.OUTBOX_COLLECTIONS

__all__ = ["INDEXES", "OUTBOX_COLLECTIONS", "FavouritesStore", "InboxRepository", "InboxViewStore", "UserRepository"]
