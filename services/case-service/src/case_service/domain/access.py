"""Who may see a case (CASE-07): everyone who may work in the service sees an open case; a
confidential case only users with "may read confidential" for its inbox. Everyone else must
not learn that it exists, so they get the same answer as for a case that does not."""

from arendo_contracts.events.inbox import UserSnapshot


def may_read(*, confidential: bool, inbox_id: str, reader: UserSnapshot | None) -> bool:
    if not confidential:
        return True
    return reader is not None and reader.active and inbox_id in reader.confidential_inbox_ids


def confidential_inboxes(reader: UserSnapshot | None) -> frozenset[str]:
    """The inboxes whose confidential cases the reader may see, for list and search filters."""
    if reader is None or not reader.active:
        return frozenset()
    return frozenset(reader.confidential_inbox_ids)
