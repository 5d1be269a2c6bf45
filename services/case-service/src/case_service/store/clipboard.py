"""MongoDB storage of each user's clipboard (CASE-29): one document per user, written whole."""

from arendo_kit.repository import AggregateRepository
from case_service.domain.clipboard import Clipboard, empty_clipboard

CLIPBOARDS = "clipboards"


class ClipboardRepository(AggregateRepository[Clipboard]):
    collection_name = CLIPBOARDS
    model = Clipboard

    async def of(self, user_id: str) -> Clipboard:
        return await self.get(user_id) or empty_clipboard(user_id)
