"""Text matching and ordering for the register searches, done by the service (no collation in the store)."""

from collections.abc import Iterable

from arendo_kit.errors import InvalidInput
from arendo_kit.text import fold as fold_text
from arendo_kit.text import swedish_sort_key


def tidy(text: str) -> str:
    """One space between words, none at the ends: what a name is stored as."""
    return " ".join(text.split())


def fold(text: str) -> str:
    """Case- and accent-insensitive form for matching, spaces collapsed: "Åsa  Öberg" and "asa oberg" fold alike."""
    return fold_text(tidy(text))


def matches(query: str | None, *texts: str) -> bool:
    """True when the folded query occurs in any of the texts; a blank query matches everything."""
    needle = fold(query or "")
    return not needle or any(needle in fold(text) for text in texts)


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
