"""Free-text search in Swedish (CASE-31), done by the service: words are lower-cased, stemmed
with the Snowball Swedish stemmer and folded (å, ä → a, ö → o) into tokens that MongoDB indexes,
so a word finds its inflected forms without depending on the server's own text search."""

import re
from collections.abc import Iterable
from functools import lru_cache

import snowballstemmer

from arendo_kit.text import fold

_WORD = re.compile(r"[0-9a-zåäöéüæø]+", re.IGNORECASE)
_NUMBER = re.compile(r"^\d{4}-\d{1,6}$")
_STEMMER = snowballstemmer.stemmer("swedish")
MIN_DEFINITE_LENGTH = 5


@lru_cache(maxsize=50_000)
def word_forms(word: str) -> frozenset[str]:
    """The tokens one word stands for. Snowball leaves the definite -an of -a words ("lampan"),
    so that form is also stemmed as its indefinite "lampa"."""
    lower = word.casefold()
    forms = {fold(_STEMMER.stemWord(lower))}
    if lower.endswith("an") and len(lower) >= MIN_DEFINITE_LENGTH:
        forms.add(fold(_STEMMER.stemWord(lower[:-2] + "a")))
    return frozenset(forms)


def index_tokens(texts: Iterable[str | None]) -> list[str]:
    tokens: set[str] = set()
    for text in texts:
        if text:
            for word in _WORD.findall(text):
                tokens |= word_forms(word)
    return sorted(tokens)


def query_terms(query: str) -> list[frozenset[str]]:
    """Each word of the query as the set of tokens any of which matches it; all words must match."""
    return [word_forms(word) for word in _WORD.findall(query)]


def looks_like_case_number(text: str) -> bool:
    return bool(_NUMBER.match(text.strip()))
