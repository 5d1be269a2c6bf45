"""Relations between cases and link relations (CASE-13, CASE-14), without I/O."""

from datetime import UTC, datetime

import pytest

from arendo_contracts.vocabulary import CaseStatus
from arendo_kit.errors import Conflict, InvalidInput, NotFound
from case_service.domain.card_fields import CaseTypeChoice
from case_service.domain.case import Case, register_case
from case_service.domain.relations import (
    Role,
    add_link,
    check_relatable,
    claim_as_sub,
    edit_link,
    filter_links,
    filter_related,
    index_sub_cases,
    inherit_case_types,
    relatable_candidates,
    related_cases,
    release_sub,
    remove_link,
    roles_towards,
    unindex_sub,
)

pytestmark = pytest.mark.unit

NOW = datetime(2026, 11, 28, 10, 0, tzinfo=UTC)


def a_case(sequence: int, **fields: object) -> Case:
    case = register_case(
        number=f"2026-{sequence:06d}",
        inbox_id="kundtjanst",
        registered_by="u-anna",
        now=NOW,
        title=f"Ärende {sequence}",
    )
    return case.model_copy(update=fields)


def relate(main: Case, sub: Case, ancestors: tuple[str, ...] = ()) -> tuple[Case, Case]:
    sub, _ = claim_as_sub(sub, main, main_ancestors=ancestors, description="Samma gatlykta", by_id="u-anna", now=NOW)
    main, _ = index_sub_cases(main, [sub], description="Samma gatlykta", by_id="u-anna", now=NOW)
    return main, sub


def test_a_relation_is_kept_on_both_cases_with_its_description() -> None:
    main, sub = a_case(1), a_case(2)
    claimed, sub_changes = claim_as_sub(sub, main, main_ancestors=(), description=" Dubblett ", by_id="u", now=NOW)
    indexed, main_changes = index_sub_cases(main, [claimed], description=" Dubblett ", by_id="u", now=NOW)
    assert claimed.main_case_id == main.id
    assert claimed.version == sub.version + 1
    assert claimed.main_case is not None
    assert claimed.main_case.description == "Dubblett"
    assert indexed.sub_case_ids == (sub.id,)
    assert indexed.version == main.version + 1
    assert [(c.field, c.old, c.new) for c in sub_changes] == [("main_case", None, "2026-000001")]
    assert [(c.field, c.old, c.new) for c in main_changes] == [("sub_case", None, "2026-000002")]
    assert indexed.has_relations
    assert claimed.has_relations
    assert not a_case(3).has_relations


def test_a_case_cannot_be_related_to_itself() -> None:
    case = a_case(1)
    with pytest.raises(InvalidInput) as refused:
        check_relatable(main=case, sub=case, main_ancestors=())
    assert refused.value.field == "sub_case_ids"


def test_a_relation_that_would_close_a_cycle_is_refused() -> None:
    a, b, c = a_case(1), a_case(2), a_case(3)
    a, b = relate(a, b)
    b, c = relate(b, c, ancestors=(a.id,))
    # c is under b under a: a cannot become a sub-case of c, directly or of b.
    with pytest.raises(Conflict, match="cirkel"):
        check_relatable(main=c, sub=a, main_ancestors=(b.id, a.id))
    with pytest.raises(Conflict, match="cirkel"):
        check_relatable(main=b, sub=a, main_ancestors=(a.id,))


def test_a_case_has_at_most_one_main_case() -> None:
    first, second, sub = a_case(1), a_case(2), a_case(3)
    first, sub = relate(first, sub)
    with pytest.raises(Conflict, match="redan underärende till 2026-000001"):
        claim_as_sub(sub, second, main_ancestors=(), description="", by_id="u", now=NOW)


def test_relating_again_changes_nothing_so_a_retry_completes_a_half_relation() -> None:
    main, sub = a_case(1), a_case(2)
    claimed, _ = claim_as_sub(sub, main, main_ancestors=(), description="", by_id="u", now=NOW)
    # The main case's write failed: the retry finds the claim and writes only the index.
    again, changes = claim_as_sub(claimed, main, main_ancestors=(), description="", by_id="u", now=NOW)
    assert again is claimed
    assert changes == []
    indexed, _ = index_sub_cases(main, [claimed], description="", by_id="u", now=NOW)
    twice, changes = index_sub_cases(indexed, [claimed], description="", by_id="u", now=NOW)
    assert twice is indexed
    assert changes == []


def test_removal_clears_both_halves_and_is_repeatable() -> None:
    main, sub = relate(a_case(1), a_case(2))
    assert roles_towards(main, sub) == (main, sub)
    assert roles_towards(sub, main) == (main, sub)
    released, changes = release_sub(sub, main.id)
    assert released.main_case is None
    assert [(c.old, c.new) for c in changes] == [("2026-000001", None)]
    # Half removed: the main case still lists it, so the relation is still found and can be finished.
    assert roles_towards(main, released) == (main, released)
    unlisted, changes = unindex_sub(main, sub.id)
    assert unlisted.sub_cases == ()
    assert [(c.field, c.old) for c in changes] == [("sub_case", "2026-000002")]
    assert release_sub(released, main.id) == (released, [])
    assert unindex_sub(unlisted, sub.id) == (unlisted, [])
    assert roles_towards(unlisted, released) is None


def test_the_tab_lists_the_main_case_and_sub_cases_and_filters_them() -> None:
    top, middle, leaf = a_case(1), a_case(2, description="Trasig lampa"), a_case(3, status=CaseStatus.CLOSED)
    top, middle = relate(top, middle)
    middle, leaf = relate(middle, leaf, ancestors=(top.id,))
    others = {c.id: c for c in (top, leaf.model_copy(update={"inbox_id": "bygglov"}))}
    rows = related_cases(middle, others, {"bygglov": "Bygglov"})
    assert [(r.number, r.role, r.inbox_name) for r in rows] == [
        ("2026-000001", Role.MAIN, "kundtjanst"),
        ("2026-000003", Role.SUB, "Bygglov"),
    ]
    assert [r.number for r in filter_related(rows, "avslutat")] == ["2026-000003"]  # the status label
    assert [r.number for r in filter_related(rows, "BYGGLOV")] == ["2026-000003"]
    assert [r.number for r in filter_related(rows, "000001")] == ["2026-000001"]
    assert [r.number for r in filter_related(rows, "gatlykta")] == ["2026-000001", "2026-000003"]  # description
    assert filter_related(rows, "  ") == rows


def test_a_sub_case_listed_but_no_longer_naming_the_main_case_is_not_shown() -> None:
    main, sub = relate(a_case(1), a_case(2))
    released, _ = release_sub(sub, main.id)
    assert related_cases(main, {released.id: released}, {}) == []


def test_candidates_leave_out_what_cannot_become_a_sub_case() -> None:
    top, case, sub, taken, free = a_case(1), a_case(2), a_case(3), a_case(4), a_case(5)
    top, case = relate(top, case)
    case, sub = relate(case, sub, ancestors=(top.id,))
    _, taken = relate(a_case(6), taken)
    found = relatable_candidates(case, [top, case, sub, taken, free], ancestors=(top.id,))
    assert [c.number for c in found] == ["2026-000005"]


def test_sub_cases_inherit_the_main_case_types() -> None:
    types = (CaseTypeChoice(case_type="Gatubelysning", category="Trasig lampa"),)
    main, sub = a_case(1, case_types=types), a_case(2, case_types=(CaseTypeChoice(case_type="Parkering"),))
    inherited, changes = inherit_case_types(sub, main)
    assert inherited.case_types == types
    assert [(c.field, c.old, c.new) for c in changes] == [("case_types", "Parkering", "Gatubelysning – Trasig lampa")]
    assert inherit_case_types(inherited, main) == (inherited, [])


@pytest.mark.parametrize(
    "url",
    [
        "ftp://example.se/fil",
        "javascript:alert(1)",
        "www.example.se",
        "https://",
        "https://exa mple.se",
        "",
        "http://x:99999/",
    ],
)
def test_only_http_and_https_links_are_related(url: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        add_link(a_case(1), url=url, description=None, by_id="u", now=NOW)
    assert refused.value.field == "url"


def test_links_are_added_edited_filtered_and_removed() -> None:
    case = a_case(1)
    case, link, changes = add_link(
        case, url=" https://www.example.se/gator?id=1 ", description="Gatukarta", by_id="u", now=NOW
    )
    assert link.url == "https://www.example.se/gator?id=1"
    assert case.links == (link,)
    assert case.has_relations
    assert [(c.field, c.new) for c in changes] == [("link", link.url)]
    case, _, _ = add_link(case, url="http://intranat.kommun.se", description="", by_id="u", now=NOW)
    assert [x.url for x in filter_links(case.links, "gatukarta")] == [link.url]
    assert [x.url for x in filter_links(case.links, "KOMMUN")] == ["http://intranat.kommun.se"]
    edited_case, edited, changes = edit_link(case, link.id, url=None, description="Karta över gator")
    assert edited.url == link.url
    assert edited.description == "Karta över gator"
    assert [(c.field, c.old, c.new) for c in changes] == [("link_description", "Gatukarta", "Karta över gator")]
    assert edit_link(edited_case, link.id, url=None, description=None)[2] == []
    removed, changes = remove_link(edited_case, link.id)
    assert [x.url for x in removed.links] == ["http://intranat.kommun.se"]
    assert [(c.old, c.new) for c in changes] == [(link.url, None)]
    with pytest.raises(NotFound):
        remove_link(removed, link.id)
