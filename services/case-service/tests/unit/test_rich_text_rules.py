"""Formatted text of service notes (CASE-18, CASE-19): the sanitiser's allow-list against real XSS
vectors, the plain-text rendering, and notes registered with sanitised HTML, without I/O."""

import re
from datetime import UTC, datetime

import pytest

from arendo_kit.errors import InvalidInput
from case_service.domain.case import AttachmentRef, BodyFormat, Case, Deed, DeedKind, register_case
from case_service.domain.deeds import register_manual_deed
from case_service.domain.rich_text import excerpt, is_blank_html, sanitise_html, text_to_html, to_plain_text

pytestmark = pytest.mark.unit

NOW = datetime(2026, 11, 28, 10, 0, tzinfo=UTC)

# Each vector is a known way to run script in a page that shows the stored HTML.
XSS_VECTORS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=https://evil.example/x.js></SCRIPT>",
    "<scr<script>ipt>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '<p onclick="alert(1)">klicka</p>',
    '<b onmouseover="alert(1)">fet</b>',
    '<a href="javascript:alert(1)">länk</a>',
    '<a href="JaVaScRiPt:alert(1)">länk</a>',
    '<a href=" javascript:alert(1)">länk</a>',
    '<a href="jav&#x09;ascript:alert(1)">länk</a>',
    '<a href="jav\tascript:alert(1)">länk</a>',
    '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">länk</a>',
    '<a href="&#x6A;avascript&#x3A;alert(1)">länk</a>',
    '<a href="javascript&colon;alert(1)">länk</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">länk</a>',
    '<a href="vbscript:msgbox(1)">länk</a>',
    "<style>body{background:url(javascript:alert(1))}</style>",
    '<p style="background:url(javascript:alert(1))">stil</p>',
    '<iframe src="https://evil.example"></iframe>',
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    '<math><mtext><table><mglyph><style><img src=x onerror="alert(1)">',
    '<object data="javascript:alert(1)"></object>',
    '<embed src="javascript:alert(1)">',
    '<form action="javascript:alert(1)"><button>Skicka</button></form>',
    '<input autofocus onfocus="alert(1)">',
    '<details open ontoggle="alert(1)">',
    '<body onload="alert(1)">',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<base href="javascript:alert(1)//">',
    '<link rel="stylesheet" href="javascript:alert(1)">',
    '<img src="javascript:alert(1)">',
    "<!--<img src=x onerror=alert(1)>-->",
    '<table background="javascript:alert(1)"><tr><td>x</td></tr></table>',
    '<a href="https://ok.example" onclick="alert(1)" style="color:red">ok</a>',
]


def dangerous(html: str) -> list[str]:
    """What in sanitised HTML could still run script or load content."""
    found = []
    lowered = html.lower()
    for marker in ("<script", "<style", "<iframe", "<svg", "<math", "<object", "<embed", "<img", "<form", "<input"):
        if marker in lowered:
            found.append(marker)
    if re.search(r"\son[a-z]+\s*=", lowered):
        found.append("event handler")
    if re.search(r"\sstyle\s*=", lowered):
        found.append("style")
    for href in re.findall(r'(?:href|src|action|background)="([^"]*)"', lowered):
        if not href.startswith(("http://", "https://", "mailto:")):
            found.append(f"url {href}")
    return found


@pytest.mark.parametrize("vector", XSS_VECTORS)
def test_no_xss_vector_survives_the_sanitiser(vector: str) -> None:
    clean = sanitise_html(vector)
    assert dangerous(clean) == [], clean
    assert "javascript" not in clean.lower()
    assert "<" not in to_plain_text(clean)  # nothing that would be markup once the text is shown
    # Sanitising is stable: what is stored comes out the same when sanitised again.
    assert sanitise_html(clean) == clean


def test_the_checker_itself_would_notice_a_dangerous_survivor() -> None:
    assert dangerous('<a href="javascript:x">a</a><p onclick="x" style="a">b</p><img src=x>') == [
        "<img",
        "event handler",
        "style",
        "url javascript:x",
    ]


def test_script_and_style_content_is_dropped_not_shown_as_text() -> None:
    assert sanitise_html("<p>Hej</p><script>alert('x')</script><style>p{}</style>") == "<p>Hej</p>"
    assert sanitise_html('<iframe src="x">inuti</iframe>kvar') == "kvar"


def test_links_keep_only_web_and_mail_addresses_and_always_get_a_safe_rel() -> None:
    assert sanitise_html('<a href="https://www.example.se/a?b=1&c=2" target="_blank">webb</a>') == (
        '<a href="https://www.example.se/a?b=1&amp;c=2" rel="noopener noreferrer">webb</a>'
    )
    assert sanitise_html('<a href="mailto:kundtjanst@example.se">mejla</a>') == (
        '<a href="mailto:kundtjanst@example.se" rel="noopener noreferrer">mejla</a>'
    )
    assert sanitise_html('<a href="http://example.se" rel="opener">x</a>') == (
        '<a href="http://example.se" rel="noopener noreferrer">x</a>'
    )
    # A relative address means nothing on my pages or in a mail.
    assert sanitise_html('<a href="/api/cases">x</a>') == '<a rel="noopener noreferrer">x</a>'
    assert sanitise_html('<a href="ftp://example.se/fil">x</a>') == '<a rel="noopener noreferrer">x</a>'


def test_allowed_formatting_survives() -> None:
    formatted = (
        "<h1>Rubrik</h1><h2>Under</h2><h3>Tre</h3><h4>Fyra</h4>"
        "<p>Text med <b>fet</b>, <strong>stark</strong>, <i>kursiv</i>, <em>betonad</em>, "
        "<u>understruken</u>, <s>struken</s> och <del>borttagen</del> text.<br>Ny rad.</p>"
        '<ul><li>punkt</li></ul><ol start="3"><li>tre</li></ol>'
        "<blockquote>citat</blockquote>"
        '<table><thead><tr><th scope="col" colspan="2">Rubrik</th></tr></thead>'
        '<tbody><tr><td rowspan="2">a</td><td>b</td></tr></tbody></table>'
    )
    assert sanitise_html(formatted) == formatted


def test_attributes_outside_the_allow_list_or_with_bad_values_are_dropped() -> None:
    assert sanitise_html('<p class="x" id="y" title="z" data-a="1">t</p>') == "<p>t</p>"
    assert sanitise_html('<td colspan="99999" rowspan="abc">t</td>') == "t"  # a stray cell is no table
    assert sanitise_html('<table><tr><td colspan="0" rowspan="abc">t</td></tr></table>') == (
        "<table><tbody><tr><td>t</td></tr></tbody></table>"
    )
    assert sanitise_html('<table><tr><th scope="javascript">t</th></tr></table>') == (
        "<table><tbody><tr><th>t</th></tr></tbody></table>"
    )
    assert sanitise_html("<span>ord</span> <font color=red>färg</font>") == "ord färg"


def test_text_is_escaped_not_interpreted() -> None:
    assert sanitise_html("5 < 6 & 7 > 3") == "5 &lt; 6 &amp; 7 &gt; 3"
    assert to_plain_text(sanitise_html("5 < 6 & 7 > 3")) == "5 < 6 & 7 > 3"


def test_an_emptied_editor_is_blank() -> None:
    for blank in ("", "   ", "<p></p>", "<p><br></p>", "<p>&nbsp;</p>", "<script>x</script>", "<img src=x>"):
        assert is_blank_html(sanitise_html(blank)), blank
    assert not is_blank_html("<p>x</p>")


def test_plain_text_keeps_paragraphs_lines_lists_and_tables() -> None:
    html = (
        "<h2>Åtgärd</h2><p>Rad ett<br>Rad två</p>"
        '<ol start="2"><li>andra</li><li>tredje</li></ol><ul><li>a<ul><li>b</li></ul></li></ul>'
        "<table><tr><th>Vad</th><th>När</th></tr><tr><td>Lykta</td><td>v. 49</td></tr></table>"
        "<p>&lt;slut&gt; &amp; klart</p>"
    )
    assert to_plain_text(html) == (
        "Åtgärd\n\nRad ett\nRad två\n\n2. andra\n3. tredje\n\n- a\n- b\n\nVad | När\nLykta | v. 49\n\n<slut> & klart"
    )
    assert excerpt(html, length=30) == "Åtgärd Rad ett Rad två 2.…"
    assert excerpt("<p>kort</p>") == "kort"


def test_plain_text_becomes_escaped_paragraphs() -> None:
    assert text_to_html("Hej <b>Anna</b>,\nrad två\n\nMvh & hälsningar\r\n") == (
        "<p>Hej &lt;b&gt;Anna&lt;/b&gt;,<br>rad två</p><p>Mvh &amp; hälsningar</p>"
    )
    assert text_to_html("  \n\n ") == ""


# --- notes registered with formatted text ---------------------------------------------------------


def a_case() -> Case:
    return register_case(number="2026-000010", inbox_id="kundtjanst", registered_by="u-anna", now=NOW)


def note(kind: DeedKind, body: str, attachments: tuple[AttachmentRef, ...] = ()) -> Deed:
    _, deed, _ = register_manual_deed(
        a_case(),
        kind=kind,
        title=None,
        body=body,
        direction=None,
        attachments=attachments,
        by_id="u-bengt",
        by_name="Bengt Berg",
        now=NOW,
        source_id="utkast-1",
    )
    return deed


def test_service_notes_are_stored_as_sanitised_html_and_phone_calls_as_plain_text() -> None:
    official = note(DeedKind.SERVICE_NOTE, '<p onclick="x()">Lyktan <b>lagas</b></p><script>alert(1)</script>')
    internal = note(DeedKind.INTERNAL_SERVICE_NOTE, "<p>Till kollegorna</p>")
    call = note(DeedKind.PHONE_CALL, "Ringde <b>kunden</b>")
    assert (official.body, official.body_format, official.visible_to_customer) == (
        "<p>Lyktan <b>lagas</b></p>",
        BodyFormat.HTML,
        True,
    )
    assert (internal.body_format, internal.visible_to_customer) == (BodyFormat.HTML, False)
    assert (call.body, call.body_format) == ("Ringde <b>kunden</b>", BodyFormat.TEXT)
    assert official.source_id == "utkast-1"


@pytest.mark.parametrize("kind", [DeedKind.SERVICE_NOTE, DeedKind.INTERNAL_SERVICE_NOTE])
def test_a_note_empty_after_sanitising_is_refused_unless_it_carries_a_file(kind: DeedKind) -> None:
    for body in ("<p><br></p>", "<script>alert(1)</script>", '<img src=x onerror="alert(1)">'):
        with pytest.raises(InvalidInput) as refused:
            note(kind, body)
        assert refused.value.field == "body"
    ref = AttachmentRef(file_id="f-1", filename="karta.pdf", content_type="application/pdf", size=10)
    with_file = note(kind, "<p><br></p>", (ref,))
    assert with_file.body == ""
