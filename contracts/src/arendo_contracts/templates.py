"""Templates (mallar) and their placeholders (bokmärken), shared by the inbox-service, which
refuses unknown placeholders when a template is saved, and the services that fill them in.

One scanner reads the placeholder syntax for both: strictly when a template is saved (a malformed
placeholder is an error naming what was written), leniently when a stored template is filled in
(whatever is not a well-formed placeholder stays as written)."""

import html as html_lib
import re
from collections.abc import Iterator, Mapping
from enum import StrEnum


class TemplatePurpose(StrEnum):
    """Where a template may be used; `any` templates are offered everywhere."""

    NOTE = "note"
    SERVICE_NOTE = "service_note"
    REPLY = "reply"
    REFERRAL = "referral"
    DISTRIBUTION = "distribution"
    ANY = "any"


# A placeholder is written `{{case_number}}` in a template's subject or body; spaces inside the
# braces are allowed (`{{ case_number }}`).
PLACEHOLDER_OPEN = "{{"
PLACEHOLDER_CLOSE = "}}"
PLACEHOLDER_NAME = re.compile(r"^[a-z][a-z0-9_]*$")

PLACEHOLDERS: tuple[str, ...] = (
    "case_number",
    "case_title",
    "customer_name",
    "officer_name",
    "inbox_name",
    "today",
    "desired_answer_date",
)

_EXCERPT = 30


class PlaceholderError(ValueError):
    """A malformed placeholder: `placeholder` is the text as written, `reason` says what is wrong (Swedish)."""

    def __init__(self, placeholder: str, reason: str) -> None:
        super().__init__(f"{placeholder}: {reason}")
        self.placeholder = placeholder
        self.reason = reason


def _pieces(text: str, *, strict: bool) -> Iterator[tuple[str, str | None]]:
    """The text as (literal, placeholder name) pairs in order; the name is None for the last
    literal. Strict raises PlaceholderError on a malformed placeholder; lenient keeps it as text."""
    position = 0
    while True:
        start = text.find(PLACEHOLDER_OPEN, position)
        stray_close = text.find(PLACEHOLDER_CLOSE, position)
        if stray_close != -1 and (start == -1 or stray_close < start):
            after_close = stray_close + len(PLACEHOLDER_CLOSE)
            if strict:
                excerpt = text[max(position, stray_close - _EXCERPT) : after_close]
                raise PlaceholderError(excerpt, f"}}}} utan inledande {PLACEHOLDER_OPEN}")
            yield text[position:after_close], None
            position = after_close
            continue
        if start == -1:
            yield text[position:], None
            return
        end = text.find(PLACEHOLDER_CLOSE, start + len(PLACEHOLDER_OPEN))
        if end == -1:
            if strict:
                excerpt = text[start : start + _EXCERPT].split("\n")[0]
                raise PlaceholderError(excerpt, f"bokmärket saknar avslutande {PLACEHOLDER_CLOSE}")
            yield text[position:], None
            return
        after = end + len(PLACEHOLDER_CLOSE)
        name = text[start + len(PLACEHOLDER_OPEN) : end].strip()
        if not PLACEHOLDER_NAME.match(name):
            if strict:
                raise PlaceholderError(
                    text[start:after], "ett bokmärke skrivs {{namn}} med små bokstäver, siffror och understreck"
                )
            yield text[position:after], None
        else:
            yield text[position:start], name
        position = after


def placeholders_in(text: str) -> list[str]:
    """The placeholder names in the order written; raises PlaceholderError on a malformed one."""
    return [name for _, name in _pieces(text, strict=True) if name is not None]


def render_template(text: str, values: Mapping[str, str], *, html: bool) -> str:
    """The text with every well-formed placeholder replaced by its value, HTML-escaped when the
    text is HTML. Nothing is left unfilled: a placeholder without a value becomes empty, so an
    officer never sends `{{customer_name}}` to a customer. The text itself is not changed."""
    out: list[str] = []
    for literal, name in _pieces(text, strict=False):
        out.append(literal)
        if name is not None:
            value = values.get(name) or ""
            out.append(html_lib.escape(value, quote=True) if html else value)
    return "".join(out)
