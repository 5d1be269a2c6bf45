"""Case types linked to knowledge entries, searched without regard to case or å, ä, ö."""

import pytest

from arendo_contracts.events.inbox import DiaryPlanEntry, InboxSnapshot
from kb_service.domain.case_type_links import case_type_links, fold

pytestmark = pytest.mark.unit


def inbox(inbox_id: str, *types: str, active: bool = True) -> InboxSnapshot:
    plan = tuple(DiaryPlanEntry(case_type=t, kb_entry_ids=(f"kb-{t.lower()}",)) for t in types)
    return InboxSnapshot(
        inbox_id=inbox_id, name=inbox_id.title(), kind="work_group", diary_plan=plan, active=active, version=1
    )


def test_folding_ignores_case_and_diacritics() -> None:
    assert fold("Äldreomsorg") == "aldreomsorg"
    assert fold("ÅTERVINNING") == fold("återvinning")


def test_blank_lists_every_case_type_of_active_inboxes_sorted() -> None:
    links = case_type_links([inbox("a", "Vatten", "Avfall"), inbox("b", "Bygglov", active=False)], keyword="  ")
    assert [link.case_type for link in links] == ["Avfall", "Vatten"]
    assert links[0].kb_entry_ids == ["kb-avfall"]


def test_a_keyword_matches_part_of_the_case_type() -> None:
    links = case_type_links([inbox("a", "Äldreomsorg", "Avfall och återvinning")], keyword="ater")
    assert [link.case_type for link in links] == ["Avfall och återvinning"]
