"""Subscribers of the inbox-service: translate a contract message into a use-case call."""

from arendo_contracts import CloudEvent
from arendo_contracts.events.case import CASE_CHANGE_EVENTS, CaseCreatedV1, CaseSnapshotV1, FavouritesChangedV1
from arendo_kit.consumers import Subscription
from inbox_service.service import project_case_event, project_favourites
from inbox_service.store import FavouritesStore, InboxViewStore

CASE_VIEW_PURPOSE = "case-view"


def case_view_subscription(*, view: InboxViewStore) -> Subscription:
    async def on_case_event(event: CloudEvent) -> None:
        """Keeps the inbox view current from every case event (each carries the case summary)."""
        await project_case_event(view=view, event=event)

    return Subscription(
        purpose=CASE_VIEW_PURPOSE,
        bindings=["case.*.v1"],
        messages=[CaseCreatedV1, *CASE_CHANGE_EVENTS, CaseSnapshotV1],
        handler=on_case_event,
    )


def favourites_subscription(*, favourites: FavouritesStore) -> Subscription:
    async def on_favourites(event: CloudEvent) -> None:
        """Keeps each officer's favourites for the favourite icon and "My cases" (favourites only)."""
        await project_favourites(favourites=favourites, event=event)

    return Subscription(
        purpose="favourites",
        bindings=["favourites.*.v1"],
        messages=[FavouritesChangedV1],
        handler=on_favourites,
    )
