"""Swedish identity numbers, phone numbers, postcodes and designation parts, without I/O."""

import re
from datetime import date

import pytest

from case_service.domain.identity_numbers import (
    InvalidNumber,
    luhn_valid,
    normalise_organisation_number,
    normalise_personal_number,
    normalise_phone,
    normalise_postcode,
    validate_block,
    validate_unit,
)

pytestmark = pytest.mark.unit

TODAY = date(2026, 11, 28)


def check_digit(nine: str) -> str:
    """The Luhn check digit, computed here independently of the code under test: weights 2,1,2,…
    from the left, the digits of each product summed, the digit that makes the total end in 0."""
    total = 0
    for index, char in enumerate(nine):
        product = int(char) * (2 if index % 2 == 0 else 1)
        total += product // 10 + product % 10
    return str((10 - total % 10) % 10)


def personnummer(yyyymmdd: str, serial: str = "123") -> str:
    """A valid 12-digit number for the date (day + 60 for a samordningsnummer) and serial."""
    return yyyymmdd + serial + check_digit(yyyymmdd[2:] + serial)


def wrong_check_digit(number: str) -> str:
    return number[:-1] + str((int(number[-1]) + 1) % 10)


def test_the_helper_agrees_with_a_known_number() -> None:
    assert check_digit("811218987") == "6"  # 19811218-9876
    assert luhn_valid("8112189876")
    assert not luhn_valid("8112189875")


@pytest.mark.parametrize(
    ("raw", "normalised"),
    [
        ("19811218-9876", "198112189876"),
        ("198112189876", "198112189876"),
        (" 19811218 9876 ", "198112189876"),
        ("811218-9876", "198112189876"),  # 10 digits: the latest century not in the future
        ("8112189876", "198112189876"),
    ],
)
def test_a_known_personnummer_in_every_accepted_form(raw: str, normalised: str) -> None:
    assert normalise_personal_number(raw, today=TODAY) == normalised


@pytest.mark.parametrize("birth", ["19700101", "20000229", "19991231", "20261128", "18991015"])
def test_computed_personnummer_are_accepted(birth: str) -> None:
    for serial in ("001", "238", "999"):
        number = personnummer(birth, serial)
        assert normalise_personal_number(number, today=TODAY) == number
        assert normalise_personal_number(f"{number[:8]}-{number[8:]}", today=TODAY) == number


def test_ten_digits_take_the_century_from_today_and_plus_means_a_hundred_or_older() -> None:
    young = personnummer("20150704")
    assert normalise_personal_number(young[2:], today=TODAY) == young
    assert normalise_personal_number(f"{young[2:8]}-{young[8:]}", today=TODAY) == young
    old = personnummer("19150704")
    assert normalise_personal_number(f"{old[2:8]}+{old[8:]}", today=TODAY) == old
    # Born later in the year than today in this century → last century.
    born_1926 = personnummer("19261224")
    assert normalise_personal_number(born_1926[2:], today=TODAY) == born_1926


def test_samordningsnummer_have_sixty_added_to_the_day() -> None:
    number = personnummer("19811278")  # born 18 December 1981
    assert normalise_personal_number(number, today=TODAY) == number
    leap = personnummer("20000289")  # 29 February 2000
    assert normalise_personal_number(leap, today=TODAY) == leap


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (personnummer("19810230"), "giltigt födelsedatum"),  # 30 February, even with a correct check digit
        (personnummer("19810229"), "giltigt födelsedatum"),  # 1981 is no leap year
        (personnummer("19811332"), "giltigt födelsedatum"),
        (personnummer("19810290"), "giltigt födelsedatum"),  # samordningsnummer: 30 February
        (personnummer("19811292"), "giltigt födelsedatum"),  # day 32 + 60
        (personnummer("20301231"), "framtiden"),
        (wrong_check_digit("198112189876"), "kontrollsiffra"),
        (wrong_check_digit(personnummer("19811278")), "kontrollsiffra"),
        ("19811218-987", "ååååmmddnnnn"),
        ("19811218-98765", "ååååmmddnnnn"),
        ("1981121A9876", "ååååmmddnnnn"),
        ("19811218--9876", "ååååmmddnnnn"),
        ("", "ååååmmddnnnn"),
    ],
)
def test_wrong_personnummer_are_refused_with_a_reason(raw: str, message: str) -> None:
    with pytest.raises(InvalidNumber, match=message) as refused:
        normalise_personal_number(raw, today=TODAY)
    assert not re.search(r"\d{4}", refused.value.message)  # the number is never echoed


def test_the_kind_of_number_is_named() -> None:
    with pytest.raises(InvalidNumber, match="Samordningsnumrets kontrollsiffra"):
        normalise_personal_number(wrong_check_digit(personnummer("19811278")), today=TODAY)


def organisation_number(first_nine: str) -> str:
    return first_nine + check_digit(first_nine)


@pytest.mark.parametrize("nine", ["556012579", "202100544", "802002445", "212000014", "969786567"])
def test_organisation_numbers_are_normalised_to_six_hyphen_four(nine: str) -> None:
    digits = organisation_number(nine)
    expected = f"{digits[:6]}-{digits[6:]}"
    assert normalise_organisation_number(digits) == expected
    assert normalise_organisation_number(expected) == expected
    assert normalise_organisation_number("16" + digits) == expected


def test_known_organisation_numbers() -> None:
    assert normalise_organisation_number("556012-5790") == "556012-5790"
    assert normalise_organisation_number("2021005448") == "202100-5448"


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (organisation_number("551012579"), "tredje siffra"),  # third digit 1: a personnummer's month
        (wrong_check_digit(organisation_number("556012579")), "kontrollsiffra"),
        ("556012-579", "10 siffror"),
        ("55601257901", "10 siffror"),
        ("ABCDEF-1234", "10 siffror"),
    ],
)
def test_wrong_organisation_numbers_are_refused(raw: str, message: str) -> None:
    with pytest.raises(InvalidNumber, match=message):
        normalise_organisation_number(raw)


@pytest.mark.parametrize(
    ("raw", "e164"),
    [
        ("070-123 45 67", "+46701234567"),
        ("0701234567", "+46701234567"),
        ("+46 70 123 45 67", "+46701234567"),
        ("+46 (0)70-123 45 67", "+46701234567"),
        ("+46070 123 45 67", "+46701234567"),
        ("0046 70 123 45 67", "+46701234567"),
        ("08-12 34 56", "+468123456"),
        ("08/123 456 78", "+46812345678"),
        ("031-12 34 56", "+4631123456"),
        ("0771-123 456", "+46771123456"),
        ("+47 22 12 34 56", "+4722123456"),
        ("0047 22 12 34 56", "+4722123456"),
        ("+1 (212) 555-0100", "+12125550100"),
    ],
)
def test_phone_numbers_are_normalised_to_e164(raw: str, e164: str) -> None:
    assert normalise_phone(raw) == e164


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("070-123 45 6x", "bara innehålla siffror"),
        ("ring mig", "bara innehålla siffror"),
        ("1234567", "riktnummer"),
        ("070-12", "8–10 siffror"),
        ("070-123 45 67 89 1", "8–10 siffror"),
        ("+0 123 456 789", "landsnummer"),
        ("+47 1234567890123456", "högst 15 siffror"),
        ("+", "bara innehålla siffror"),
    ],
)
def test_wrong_phone_numbers_are_refused(raw: str, message: str) -> None:
    with pytest.raises(InvalidNumber, match=message):
        normalise_phone(raw)


@pytest.mark.parametrize(
    ("raw", "shown"), [("12345", "123 45"), ("123 45", "123 45"), ("SE-123 45", "123 45"), (" 98765 ", "987 65")]
)
def test_postcodes_are_five_digits_shown_three_and_two(raw: str, shown: str) -> None:
    assert normalise_postcode(raw) == shown


@pytest.mark.parametrize("raw", ["1234", "123456", "01234", "12a45", "123-45"])
def test_wrong_postcodes_are_refused(raw: str) -> None:
    with pytest.raises(InvalidNumber, match="fem siffror"):
        normalise_postcode(raw)


def test_designation_parts() -> None:
    assert [validate_block(b) for b in ("1", "s", "FS", "*", " 12 ")] == ["1", "S", "FS", "*", "12"]
    assert validate_unit(" 23 ") == "23"
    for bad in ("1:2", "12345", "**", ""):
        with pytest.raises(InvalidNumber):
            validate_block(bad)
    for bad in ("2a", "", "123456"):
        with pytest.raises(InvalidNumber):
            validate_unit(bad)
