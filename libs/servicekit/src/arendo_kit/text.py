"""Swedish text for matching and ordering, the same in every service."""

import unicodedata

_SWEDISH_LAST = str.maketrans({"å": "{", "ä": "|", "æ": "|", "ö": "}", "ø": "}"})


def fold(text: str) -> str:
    """Case- and accent-insensitive form for matching what officers type: "Åsa Öberg" and
    "asa oberg" fold alike."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def swedish_sort_key(text: str) -> str:
    """Alphabetical order as a Swedish reader expects it: case-insensitive, spaces collapsed,
    accents ignored (é as e, ü as y), and å, ä, ö after z in that order."""
    lowered = unicodedata.normalize("NFC", " ".join(text.split())).casefold().replace("ü", "y")
    return fold(lowered.translate(_SWEDISH_LAST))
