"""Text matching and ordering for the register searches, done by the service (no collation in the store)."""

import unicodedata
from collections.abc import Iterable

from arendo_kit.errors import InvalidInput

# After z, in Swedish alphabetical order; other accented letters sort with their base letter.
_SWEDISH_LAST = {"å": "{", "ä": "|", "æ": "|", "ö": "}", "ø": "}"}


def tidy(text: str) -> str:
    """One space between words, none at the ends: what a name is stored as."""
    return " ".join(text.split())


def fold(text: str) -> str:
    """Case- and accent-insensitive form for matching: "Åsa Öberg" and "asa oberg" fold alike."""
    decomposed = unicodedata.normalize("NFKD", tidy(text).casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def matches(query: str | None, *texts: str) -> bool:
    """True when the folded query occurs in any of the texts; a blank query matches everything."""
    needle = fold(query or "")
    return not needle or any(needle in fold(text) for text in texts)


def swedish_sort_key(text: str) -> str:
    """Order names as a Swedish list does: case-insensitive, å ä ö last, é with e."""
    lowered = unicodedata.normalize("NFC", tidy(text).casefold())
    spelled = "".join(_SWEDISH_LAST.get(c, c) for c in lowered)
    decomposed = unicodedata.normalize("NFKD", spelled)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def path_sort_key(names: Iterable[str]) -> tuple[str, ...]:
    return tuple(swedish_sort_key(name) for name in names)


def name_fields(name: str, *, missing: str, field: str = "name") -> dict[str, str]:
    """A register item's name with its stored copies: lower-case for uniqueness, folded for search."""
    clean = tidy(name)
    if not clean:
        raise InvalidInput(missing, field=field)
    return {"name": clean, "name_lower": clean.lower(), "search_key": fold(clean)}


def optional_text(text: str | None) -> str | None:
    """A free text such as a description: None when blank, so the field is left out of the document."""
    stripped = (text or "").strip()
    return stripped or None
