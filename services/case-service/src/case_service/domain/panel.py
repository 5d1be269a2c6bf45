"""Rules of the content panel beyond the plain fields (confidentiality, CASE-07) and of the
read-only panel (handling time, CASE-08). No I/O."""

from datetime import datetime

from arendo_contracts.events.case import FieldChange
from arendo_contracts.events.inbox import UserSnapshot
from arendo_contracts.events.registers import ConfidentialityParagraphSnapshot
from arendo_kit.errors import Forbidden, InvalidInput
from case_service.domain.access import may_read
from case_service.domain.case import Case


def set_confidentiality(
    case: Case,
    *,
    confidential: bool,
    paragraph_id: str | None,
    paragraph: ConfidentialityParagraphSnapshot | None,
    reader: UserSnapshot | None,
) -> tuple[Case, list[FieldChange]]:
    """Only a user who may read confidential cases in the case's inbox marks or unmarks one, and
    marking needs the legal paragraph (an active one from the register) it is confidential under.
    `paragraph` is what the register holds for `paragraph_id`."""
    if not may_read(confidential=True, inbox_id=case.inbox_id, reader=reader):
        raise Forbidden(
            "Du saknar behörighet att läsa sekretessbelagda ärenden i ärendets inkorg", field="confidential"
        )
    if not confidential:
        if paragraph_id is not None:
            raise InvalidInput("Ange ingen sekretessparagraf när sekretessen tas bort", field="paragraph_id")
        new_id: str | None = None
        new_code: str | None = None
    else:
        if not paragraph_id:
            raise InvalidInput("Välj enligt vilken lagparagraf ärendet är sekretessbelagt", field="paragraph_id")
        if paragraph is None:
            raise InvalidInput(f"Sekretessparagrafen {paragraph_id!r} finns inte", field="paragraph_id")
        if not paragraph.active and paragraph.paragraph_id != case.confidentiality_paragraph_id:
            raise InvalidInput(f"Sekretessparagrafen {paragraph.code} är inaktiverad", field="paragraph_id")
        new_id, new_code = paragraph.paragraph_id, paragraph.code
    changes: list[FieldChange] = []
    if confidential != case.confidential:
        changes.append(FieldChange(field="confidential", old=_flag(case.confidential), new=_flag(confidential)))
    if new_id != case.confidentiality_paragraph_id:
        changes.append(
            FieldChange(field="confidentiality_paragraph", old=case.confidentiality_paragraph_code, new=new_code)
        )
    if not changes:
        return case, []
    updated = case.model_copy(
        update={
            "confidential": confidential,
            "confidentiality_paragraph_id": new_id,
            "confidentiality_paragraph_code": new_code,
            "version": case.next_version(),
        }
    )
    return updated, changes


def handling_time_seconds(case: Case, *, now: datetime) -> int:
    """Whole seconds since registration: up to now while the case is open, up to closing once
    closed (CASE-08). Never negative, even when clocks of replicas disagree a little."""
    end = case.closed_at or now
    return max(0, int((end - case.registered_at).total_seconds()))


def _flag(value: bool) -> str:
    return "true" if value else "false"
