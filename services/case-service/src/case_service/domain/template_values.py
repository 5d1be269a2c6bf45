"""What a template's placeholders (bokmärken) are filled with from a case (CASE-21); no I/O.

Dates are Swedish calendar dates `YYYY-MM-DD` in Europe/Stockholm, so a note written just after
midnight says today's date, not yesterday's in UTC."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from arendo_contracts.templates import TemplatePurpose
from arendo_kit.errors import InvalidInput
from case_service.domain.case import Case

SWEDISH_TIME = ZoneInfo("Europe/Stockholm")
# How far ahead a desired answer date may be asked for (a typo such as 2062 is refused).
MAX_ANSWER_DAYS = 366 * 2


def swedish_date(moment: datetime) -> date:
    """The calendar date in Sweden at a moment."""
    return moment.astimezone(SWEDISH_TIME).date()


def desired_answer_date(*, today: date, chosen: date | None, answer_days: int) -> date:
    """The date chosen, else `answer_days` after today (the system setting `referral_answer_days`)."""
    if chosen is None:
        return today + timedelta(days=answer_days)
    if chosen < today:
        raise InvalidInput("Önskat svarsdatum kan inte ha passerat", field="desired_answer_date")
    if chosen > today + timedelta(days=MAX_ANSWER_DAYS):
        raise InvalidInput("Önskat svarsdatum ligger för långt fram", field="desired_answer_date")
    return chosen


def template_values(case: Case, *, inbox_name: str | None, today: date, answer_date: date) -> dict[str, str]:
    """Every placeholder's value from the case; an unknown one (no customer, no officer) is "".

    An anonymous customer has no name to greet, so `customer_name` is "" rather than "Anonym"."""
    customer = "" if case.customer.anonymous else case.customer.display_name() or ""
    return {
        "case_number": case.number,
        "case_title": case.title,
        "customer_name": customer,
        "officer_name": case.officer_name or "",
        "inbox_name": inbox_name or "",
        "today": today.isoformat(),
        "desired_answer_date": answer_date.isoformat(),
    }


def offered_purposes(purpose: TemplatePurpose | None) -> frozenset[TemplatePurpose]:
    """The template purposes offered where `purpose` is wanted: its own and `any`; all when unset."""
    if purpose is None:
        return frozenset(TemplatePurpose)
    return frozenset({purpose, TemplatePurpose.ANY})
