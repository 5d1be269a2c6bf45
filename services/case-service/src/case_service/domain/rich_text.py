"""Formatted text (CASE-18, CASE-19): the HTML an officer writes in a service note, made safe to
show to colleagues and, for a service note, to the customer on my pages; no I/O.

The sanitiser (nh3, the Rust ammonia library) keeps an explicit allow-list of formatting and
drops everything else: scripts, styles, frames, images, forms, event handlers, classes and ids.
Links keep only http, https and mailto addresses (entity- or whitespace-obfuscated `javascript:`
is decoded before the check, so it is refused too) and always get `rel="noopener noreferrer"`.
"""

import html
import re
from html.parser import HTMLParser

import nh3

ALLOWED_TAGS = frozenset(
    {
        "p", "br", "div",
        "b", "strong", "i", "em", "u", "s", "strike", "del",
        "ul", "ol", "li",
        "h1", "h2", "h3", "h4",
        "blockquote",
        "a",
        "table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td",
    }
)  # fmt: skip
ALLOWED_ATTRIBUTES: dict[str, frozenset[str]] = {
    "a": frozenset({"href", "title"}),
    "ol": frozenset({"start"}),
    "td": frozenset({"colspan", "rowspan"}),
    "th": frozenset({"colspan", "rowspan"}),
}
# Attributes that take one of a few values only.
ATTRIBUTE_VALUES: dict[str, dict[str, frozenset[str]]] = {
    "th": {"scope": frozenset({"row", "col", "rowgroup", "colgroup"})},
}
URL_SCHEMES = frozenset({"http", "https", "mailto"})
LINK_REL = "noopener noreferrer"
# Removed with everything inside them, not just unwrapped: their content is code or markup, never
# text the officer wrote.
DROPPED_WITH_CONTENT = frozenset(
    {
        "script", "style", "iframe", "frame", "frameset", "object", "embed", "applet", "noscript",
        "noembed", "noframes", "template", "svg", "math", "textarea", "select", "title", "head", "xmp",
    }
)  # fmt: skip
_NUMBER_ATTRIBUTES = frozenset({"colspan", "rowspan", "start"})
_MAX_NUMBER = 1000


def _number_only(tag: str, attribute: str, value: str) -> str | None:
    """colspan, rowspan and start are small whole numbers or dropped."""
    if attribute in _NUMBER_ATTRIBUTES:
        stripped = value.strip()
        return stripped if stripped.isdigit() and 0 < int(stripped) <= _MAX_NUMBER else None
    return value


_CLEANER = nh3.Cleaner(
    tags=set(ALLOWED_TAGS),
    clean_content_tags=set(DROPPED_WITH_CONTENT),
    # "*" replaces the library's attributes allowed on every tag (lang, title) with none.
    attributes={"*": set(), **{tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()}},
    attribute_filter=_number_only,
    tag_attribute_values={tag: {a: set(v) for a, v in values.items()} for tag, values in ATTRIBUTE_VALUES.items()},
    url_schemes=set(URL_SCHEMES),
    url_relative="deny",  # a relative address means nothing on my pages or in a mail
    link_rel=LINK_REL,
    strip_comments=True,
    generic_attribute_prefixes=set(),
)


def sanitise_html(body: str) -> str:
    """The body with only the allowed formatting left, trimmed; "" when nothing is left."""
    return _CLEANER.clean(body).strip()


def is_blank_html(body: str) -> bool:
    """True when the HTML shows no text, e.g. `<p><br></p>` from an emptied editor."""
    return not to_plain_text(body).strip()


def text_to_html(text: str) -> str:
    """Plain text as formatted text: escaped, a blank line between paragraphs, a line break per line."""
    paragraphs = [p for p in re.split(r"\n[ \t]*\n", text.replace("\r\n", "\n").replace("\r", "\n")) if p.strip()]
    return "".join(
        "<p>" + "<br>".join(html.escape(line, quote=False) for line in p.strip("\n").split("\n")) + "</p>"
        for p in paragraphs
    )


# --- plain text, for excerpts, search and channels that carry no formatting ----------------------

_BLOCKS = frozenset({"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "table", "caption", "pre"})
_MAX_BLANK_LINES = re.compile(r"\n{3,}")
_SPACES = re.compile(r"[ \t\f\v\u00a0]+")


class _PlainText(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0
        self._lists: list[list[int]] = []  # per open list: [next number] for ol, [] for ul
        self._first_cell = True

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in DROPPED_WITH_CONTENT:
            self._skip += 1
        elif tag == "br":
            self.parts.append("\n")
        elif tag in ("ul", "ol"):
            if not self._lists:
                self.parts.append("\n\n")
            start = dict(attrs).get("start") or "1"
            self._lists.append([int(start) if start.isdigit() else 1] if tag == "ol" else [])
        elif tag == "li":
            self.parts.append("\n")
            numbering = self._lists[-1] if self._lists else []
            if numbering:
                self.parts.append(f"{numbering[0]}. ")
                numbering[0] += 1
            else:
                self.parts.append("- ")
        elif tag == "tr":
            self.parts.append("\n")
            self._first_cell = True
        elif tag in ("td", "th"):
            if not self._first_cell:
                self.parts.append(" | ")
            self._first_cell = False
        elif tag in _BLOCKS:
            self.parts.append("\n\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in DROPPED_WITH_CONTENT:
            self._skip = max(self._skip - 1, 0)
        elif tag in ("ul", "ol"):
            if self._lists:
                self._lists.pop()
            if not self._lists:
                self.parts.append("\n\n")
        elif tag in _BLOCKS:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            # Source line breaks are layout in HTML, not text; <br> and blocks make the real ones.
            self.parts.append(_SPACES.sub(" ", data.replace("\r", " ").replace("\n", " ")))


def to_plain_text(body: str) -> str:
    """What formatted text says without its formatting: paragraphs and line breaks kept, list items
    as `- ` or `1. `, table cells separated by ` | `, entities decoded; for excerpts and search."""
    parser = _PlainText()
    parser.feed(body)
    parser.close()
    lines = [_SPACES.sub(" ", line).strip() for line in "".join(parser.parts).split("\n")]
    return _MAX_BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


def excerpt(body: str, *, length: int = 200) -> str:
    """A one-line start of formatted text, cut at a word with an ellipsis."""
    flat = " ".join(to_plain_text(body).split())
    if len(flat) <= length:
        return flat
    cut = flat[: length - 1].rsplit(" ", 1)[0] or flat[: length - 1]
    return cut + "…"
