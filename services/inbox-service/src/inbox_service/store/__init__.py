"""The only package of the inbox-service that speaks MongoDB."""

from inbox_service.store import inbox_view, registers
from inbox_service.store.inbox_view import InboxViewStore
from inbox_service.store.registers import InboxRepository, UserRepository

INDEXES = (*registers.INDEXES, *inbox_view.INDEXES)
OUTBOX_COLLECTIONS = registers.OUTBOX_COLLECTIONS

__all__ = ["INDEXES", "OUTBOX_COLLECTIONS", "InboxRepository", "InboxViewStore", "UserRepository"]
