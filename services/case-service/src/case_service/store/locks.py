"""Writing a lock extension (CASE-26 heartbeat): the case whole, at the version it was read.

A heartbeat changes nothing the card or the inbox view shows, so it keeps the version (and with it
the holder's If-Match). It is still a whole-document write guarded by the version it read: a
change that landed in between makes it miss, and the caller reads again. A change that read the
case before the heartbeat may overwrite the extension; the next heartbeat restores it.
"""

from arendo_kit.repository import OUTBOX_FIELD
from case_service.domain.case import Case
from case_service.store.cases import CaseRepository


async def store_lock_extension(cases: CaseRepository, case: Case) -> bool:
    """Write the case at its current version; False when another write moved the version first."""
    doc = cases.to_document(case)
    if case._pending_outbox:  # events saved earlier and not yet relayed stay with the document
        doc[OUTBOX_FIELD] = list(case._pending_outbox)
    result = await cases.collection.replace_one({"_id": case.id, "version": case.version}, doc)
    return result.matched_count == 1
