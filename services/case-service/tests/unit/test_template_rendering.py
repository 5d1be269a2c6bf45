"""Templates (CASE-21) filled in from a case: the shared placeholder syntax and renderer in the
contracts, the values a case gives, Swedish dates and the purposes offered, without I/O."""

from datetime import UTC, date, datetime

import pytest

from arendo_contracts.templates import PLACEHOLDERS, PlaceholderError, TemplatePurpose, placeholders_in, render_template
from arendo_kit.errors import InvalidInput
from case_service.domain.case import Case, register_case
from case_service.domain.customer import Customer
from case_service.domain.rich_text import sanitise_html, text_to_html
from case_service.domain.template_values import (
    desired_answer_date,
    offered_purposes,
    swedish_date,
    template_values,
)

pytestmark = pytest.mark.unit

NOW = datetime(2026, 11, 28, 10, 0, tzinfo=UTC)
ALL = " ".join(f"{{{{{name}}}}}" for name in PLACEHOLDERS)


def a_case(**changes: object) -> Case:
    case = register_case(number="2026-000123", inbox_id="kundtjanst", registered_by="u-anna", now=NOW)
    return case.model_copy(update={"title": "Trasig gatlykta", **changes})


def test_placeholders_are_filled_with_or_without_spaces_inside_the_braces() -> None:
    values = {"case_number": "2026-000123", "customer_name": "Anna"}
    text = "Hej {{customer_name}}! Ärende {{ case_number }} / {{  case_number}}"
    assert render_template(text, values, html=False) == "Hej Anna! Ärende 2026-000123 / 2026-000123"


def test_nothing_is_left_unfilled() -> None:
    rendered = render_template(ALL + " {{unknown_name}}", {"case_number": "2026-000001"}, html=False)
    assert rendered == "2026-000001" + " " * len(PLACEHOLDERS)
    assert "{{" not in rendered


def test_values_are_escaped_in_html_and_kept_as_written_in_text() -> None:
    values = {"customer_name": '<script>alert("x")</script> & Söner', "case_title": "A < B"}
    html = render_template("<p>Hej {{customer_name}}, {{case_title}}</p>", values, html=True)
    assert html == "<p>Hej &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Söner, A &lt; B</p>"
    assert render_template("Hej {{customer_name}}", values, html=False) == 'Hej <script>alert("x")</script> & Söner'


def test_a_value_cannot_smuggle_a_placeholder_or_markup_into_the_text() -> None:
    values = {"case_title": "{{customer_name}}", "customer_name": "Anna"}
    assert render_template("{{case_title}}", values, html=False) == "{{customer_name}}"


def test_malformed_placeholders_are_left_as_written_when_rendering_but_refused_by_the_strict_parser() -> None:
    for text in ("Hej {{customer_name", "Hej customer_name}} där", "{{case number}}", "{{}}", "{{Case_Number}}"):
        assert render_template(text, {"customer_name": "Anna", "case_number": "1"}, html=False) == text
        with pytest.raises(PlaceholderError):
            placeholders_in(text)
    assert render_template("{{{case_number}}}", {"case_number": "1"}, html=False) == "{{{case_number}}}"
    assert placeholders_in("Hej {{ customer_name }}, {{case_number}}") == ["customer_name", "case_number"]


def test_a_case_gives_every_placeholder_a_value() -> None:
    case = a_case(
        customer=Customer(first_name="Anna", last_name="Svensson"), officer_id="u-bengt", officer_name="Bengt Berg"
    )
    values = template_values(case, inbox_name="Kundtjänst", today=date(2026, 11, 28), answer_date=date(2026, 12, 12))
    assert values == {
        "case_number": "2026-000123",
        "case_title": "Trasig gatlykta",
        "customer_name": "Anna Svensson",
        "officer_name": "Bengt Berg",
        "inbox_name": "Kundtjänst",
        "today": "2026-11-28",
        "desired_answer_date": "2026-12-12",
    }
    assert set(values) == set(PLACEHOLDERS)
    assert render_template(ALL, values, html=False) == (
        "2026-000123 Trasig gatlykta Anna Svensson Bengt Berg Kundtjänst 2026-11-28 2026-12-12"
    )


def test_what_the_case_does_not_know_is_empty() -> None:
    values = template_values(a_case(), inbox_name=None, today=date(2026, 11, 28), answer_date=date(2026, 12, 12))
    assert (values["customer_name"], values["officer_name"], values["inbox_name"]) == ("", "", "")
    anonymous = template_values(
        a_case(customer=Customer(anonymous=True)), inbox_name="K", today=date(2026, 1, 1), answer_date=date(2026, 1, 2)
    )
    assert anonymous["customer_name"] == ""  # not "Anonym": there is no name to greet
    company = template_values(
        a_case(customer=Customer(company="Bygg AB")),
        inbox_name="K",
        today=date(2026, 1, 1),
        answer_date=date(2026, 1, 2),
    )
    assert company["customer_name"] == "Bygg AB"


def test_dates_are_swedish_calendar_dates() -> None:
    # 23:30 UTC on New Year's Eve is already New Year's Day in Sweden (CET, UTC+1) ...
    assert swedish_date(datetime(2026, 12, 31, 23, 30, tzinfo=UTC)) == date(2027, 1, 1)
    # ... and 22:30 UTC on midsummer is past midnight in summer time (CEST, UTC+2).
    assert swedish_date(datetime(2026, 6, 19, 22, 30, tzinfo=UTC)) == date(2026, 6, 20)
    assert swedish_date(datetime(2026, 6, 19, 21, 30, tzinfo=UTC)) == date(2026, 6, 19)


def test_the_desired_answer_date_defaults_to_the_system_setting_and_a_chosen_one_is_checked() -> None:
    today = date(2026, 11, 28)
    assert desired_answer_date(today=today, chosen=None, answer_days=14) == date(2026, 12, 12)
    assert desired_answer_date(today=today, chosen=date(2026, 12, 1), answer_days=14) == date(2026, 12, 1)
    assert desired_answer_date(today=today, chosen=today, answer_days=14) == today
    for chosen in (date(2026, 11, 27), date(2030, 1, 1)):
        with pytest.raises(InvalidInput) as refused:
            desired_answer_date(today=today, chosen=chosen, answer_days=14)
        assert refused.value.field == "desired_answer_date"


def test_a_purpose_offers_its_own_and_the_general_templates() -> None:
    assert offered_purposes(TemplatePurpose.REPLY) == {TemplatePurpose.REPLY, TemplatePurpose.ANY}
    assert offered_purposes(TemplatePurpose.ANY) == {TemplatePurpose.ANY}
    assert offered_purposes(None) == set(TemplatePurpose)


def test_a_plain_text_template_becomes_formatted_text_with_escaped_values() -> None:
    template = "Hej {{customer_name}}!\nÄrende {{case_number}}.\n\nMvh {{ officer_name }}"
    values = {"customer_name": "<b>Anna</b>", "case_number": "2026-000123", "officer_name": "Bengt & Co"}
    rendered = sanitise_html(render_template(text_to_html(template), values, html=True))
    assert rendered == "<p>Hej &lt;b&gt;Anna&lt;/b&gt;!<br>Ärende 2026-000123.</p><p>Mvh Bengt &amp; Co</p>"
