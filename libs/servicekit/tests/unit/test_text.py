import pytest

from arendo_kit.text import fold, swedish_sort_key

pytestmark = pytest.mark.unit


def test_fold_ignores_case_and_diacritics() -> None:
    assert fold("Åsa ÖBERG, Émile") == "asa oberg, emile"


def test_swedish_order_puts_a_ring_a_umlaut_o_umlaut_after_z_and_accents_with_their_letter() -> None:
    names = ["Östen", "adam", "Åsa", "Ängel", "Zorro", "Émile", "Ülla"]
    assert sorted(names, key=swedish_sort_key) == ["adam", "Émile", "Ülla", "Zorro", "Åsa", "Ängel", "Östen"]
