"""MongoDB storage of the confidentiality paragraphs."""

from typing import Any

from arendo_kit.mongo import IndexSpec
from arendo_kit.text import swedish_sort_key
from inbox_service.domain.paragraphs import ConfidentialityParagraph
from inbox_service.store.base import RegisterRepository

PARAGRAPHS = "confidentiality_paragraphs"

INDEXES = (IndexSpec(PARAGRAPHS, [("code_key", 1)], unique=True),)
OUTBOX_COLLECTIONS = (PARAGRAPHS,)


class ParagraphRepository(RegisterRepository[ConfidentialityParagraph]):
    collection_name = PARAGRAPHS
    model = ConfidentialityParagraph
    not_found_message = "Sekretessparagrafen finns inte"
    unique_key = "code_key"
    unique_field = "code"
    taken_message = "Det finns redan en sekretessparagraf med den beteckningen"

    def sort_key(self, item: ConfidentialityParagraph) -> Any:
        return swedish_sort_key(item.code)
