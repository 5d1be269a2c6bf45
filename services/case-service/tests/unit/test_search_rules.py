"""Swedish free-text tokens (CASE-31): a word finds its inflected forms, åäö folded."""

import pytest

from case_service.domain.search import index_tokens, looks_like_case_number, query_terms

pytestmark = pytest.mark.unit


def finds(text: str, query: str) -> bool:
    tokens = set(index_tokens([text]))
    return all(tokens & term for term in query_terms(query))


@pytest.mark.parametrize(
    ("text", "query"),
    [
        ("Trasig gatlampa på Storgatan", "gatlampor"),
        ("Trasig gatlampa på Storgatan", "gatlampan"),
        ("Vattenläckan i källaren", "vattenläcka"),
        ("Vattenläckan i källaren", "vattenlacka"),
        ("Fråga om bygglovet", "bygglov"),
        ("Snöröjningen har inte kommit", "snöröjning"),
        ("Synpunkter på skolan", "skola synpunkt"),
    ],
)
def test_a_word_finds_its_inflected_forms(text: str, query: str) -> None:
    assert finds(text, query)


@pytest.mark.parametrize(("text", "query"), [("Trasig gatlampa", "bygglov"), ("Fråga om bygglov", "bygglov altan")])
def test_every_word_of_the_query_must_match(text: str, query: str) -> None:
    assert not finds(text, query)


def test_case_numbers_are_recognised() -> None:
    assert looks_like_case_number("2026-000123")
    assert looks_like_case_number("2026-12")
    assert not looks_like_case_number("gatlampa")
