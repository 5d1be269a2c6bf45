"""Which inbox a message sent to an address lands in (CH-01): an inbox's own e-mail address."""

from arendo_contracts.events.inbox import InboxSnapshot


def normalise_address(address: str) -> str:
    return address.strip().lower()


def receives_mail(inbox: InboxSnapshot) -> bool:
    return inbox.active and bool(inbox.email)
