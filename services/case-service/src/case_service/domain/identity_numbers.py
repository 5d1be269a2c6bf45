"""Swedish identity numbers, phone numbers and postcodes (CASE-09): pure validators that
normalise what an officer typed or raise InvalidNumber with a Swedish message.

The messages never repeat the number itself: a personal identity number is personal data
and must not end up in logs or error reports."""

import re
from datetime import date

PERSONAL_NUMBER_FORMAT = "ååååmmddnnnn"
COORDINATION_DAY_OFFSET = 60  # samordningsnummer: the day of birth plus 60
EARLIEST_BIRTH_YEAR = 1850

_PERSONAL_NUMBER = re.compile(r"(\d{2})?(\d{2})(\d{2})(\d{2})([-+]?)(\d{4})")
_ORGANISATION_NUMBER = re.compile(r"(?:16)?(\d{10})")
_POSTCODE = re.compile(r"(?:SE-?)?([1-9]\d{2})(\d{2})", re.IGNORECASE)
_PHONE_SEPARATORS = re.compile(r"[\s\-./()]")
_PHONE = re.compile(r"\+?\d+")
# Block is as a rule a number, S for joint properties (samfälligheter), FS for fishing
# associations, and * inside districts with block names; letters are accepted for the rare others.
_BLOCK = re.compile(r"\*|\d{1,4}|[A-ZÅÄÖ]{1,3}")
_UNIT = re.compile(r"\d{1,5}")
_SWEDISH_NATIONAL_DIGITS = range(7, 10)  # without the leading 0: 08-123 45 → 7, 070-123 45 67 → 9
_E164_DIGITS = range(7, 16)


class InvalidNumber(ValueError):
    """The input is not a valid number of its kind; the message is Swedish and shown to the officer."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def luhn_valid(digits: str) -> bool:
    """The Luhn (mod 10) check used by personal identity and organisation numbers: every other
    digit from the left doubled, digits of the products summed, the total divisible by 10."""
    if not digits.isdigit():
        return False
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char) * (2 if position % 2 else 1)
        total += value - 9 if value > 9 else value
    return total % 10 == 0


def normalise_personal_number(raw: str, *, today: date) -> str:
    """A personnummer or samordningsnummer as 12 digits `ååååmmddnnnn`.

    Accepts 12 or 10 digits, with or without the hyphen; with 10 digits the century is the
    latest that does not put the birth date in the future, and a `+` (the form for people of
    100 or more) moves it a century back. The date must exist (for a samordningsnummer after
    taking 60 from the day) and lie in the past; the last digit is the Luhn check digit over
    the 10 last digits."""
    compact = "".join(raw.split())
    match = _PERSONAL_NUMBER.fullmatch(compact)
    if match is None:
        raise InvalidNumber(
            f"Personnumret ska anges som {PERSONAL_NUMBER_FORMAT} (12 siffror), med eller utan bindestreck"
        )
    century, yy, mm, dd, separator, last_four = match.groups()
    month, day_field = int(mm), int(dd)
    coordination = day_field > COORDINATION_DAY_OFFSET
    day = day_field - COORDINATION_DAY_OFFSET if coordination else day_field
    kind = "Samordningsnumret" if coordination else "Personnumret"
    if century is None:
        year = _infer_year(int(yy), month, day, hundred_or_older=separator == "+", today=today)
    else:
        year = int(century + yy)
    try:
        born = date(year, month, day)
    except ValueError:
        raise InvalidNumber(f"{kind} innehåller inget giltigt födelsedatum (ååååmmdd)") from None
    if born > today:
        raise InvalidNumber(f"{kind}s födelsedatum ligger i framtiden")
    if year < EARLIEST_BIRTH_YEAR:
        raise InvalidNumber(f"{kind}s födelseår är orimligt")
    if not luhn_valid(yy + mm + dd + last_four):
        raise InvalidNumber(f"{kind}s kontrollsiffra stämmer inte; kontrollera siffrorna")
    return f"{year:04d}{mm}{dd}{last_four}"


def _infer_year(yy: int, month: int, day: int, *, hundred_or_older: bool, today: date) -> int:
    year = today.year // 100 * 100 + yy
    if (year, month, day) > (today.year, today.month, today.day):
        year -= 100
    if hundred_or_older:
        year -= 100
    return year


def normalise_organisation_number(raw: str) -> str:
    """An organisationsnummer as `NNNNNN-NNNN`: 10 digits (a leading `16` is dropped), a third
    digit of at least 2 as every legal entity has, and a correct Luhn check digit."""
    compact = "".join(raw.split()).replace("-", "")
    match = _ORGANISATION_NUMBER.fullmatch(compact)
    if match is None:
        raise InvalidNumber("Organisationsnumret ska ha 10 siffror, NNNNNN-NNNN")
    digits = match.group(1)
    if int(digits[2]) < 2:
        raise InvalidNumber(
            "Organisationsnumret ska ha minst 2 som tredje siffra; för en enskild firma anges personnumret"
        )
    if not luhn_valid(digits):
        raise InvalidNumber("Organisationsnumrets kontrollsiffra stämmer inte; kontrollera siffrorna")
    return f"{digits[:6]}-{digits[6:]}"


def normalise_postcode(raw: str) -> str:
    """A Swedish postcode, five digits not starting with 0, shown as `123 45`."""
    compact = "".join(raw.split())
    match = _POSTCODE.fullmatch(compact)
    if match is None:
        raise InvalidNumber("Postnumret ska ha fem siffror, t.ex. 123 45")
    return f"{match.group(1)} {match.group(2)}"


def normalise_phone(raw: str) -> str:
    """A phone number in E.164: Swedish numbers (`070-123 45 67`, `08-12 34 56`, `+46 70…`,
    `0046 70…`) as `+46…` without the trunk 0; others, given with their country code
    (`+47 …` or `0047 …`), as `+` and digits."""
    compact = _PHONE_SEPARATORS.sub("", raw.strip().replace("(0)", ""))
    if compact.startswith("00"):
        compact = "+" + compact[2:]
    if not _PHONE.fullmatch(compact):
        raise InvalidNumber("Telefonnumret får bara innehålla siffror, mellanslag, bindestreck och ett inledande +")
    if compact.startswith("+46"):
        national = compact[3:]
        return _swedish(national[1:] if national.startswith("0") else national)
    if compact.startswith("+"):
        digits = compact[1:]
        if digits.startswith("0") or len(digits) not in _E164_DIGITS:
            raise InvalidNumber(
                "Ett utländskt telefonnummer ska ha landsnummer och högst 15 siffror, t.ex. +47 22 12 34 56"
            )
        return "+" + digits
    if compact.startswith("0"):
        return _swedish(compact[1:])
    raise InvalidNumber("Ange telefonnumret med riktnummer (070-123 45 67) eller med landsnummer (+47 …)")


def _swedish(national: str) -> str:
    if national.startswith("0") or len(national) not in _SWEDISH_NATIONAL_DIGITS:
        raise InvalidNumber("Ett svenskt telefonnummer har 8–10 siffror med riktnummer, t.ex. 070-123 45 67")
    return "+46" + national


def validate_block(raw: str) -> str:
    """Block of a property designation (fastighetsbeteckning)."""
    block = "".join(raw.split()).upper()
    if not _BLOCK.fullmatch(block):
        raise InvalidNumber("Block är ett tal, S, FS eller *")
    return block


def validate_unit(raw: str) -> str:
    """Enhet of a property designation: the unit number."""
    unit = "".join(raw.split())
    if not _UNIT.fullmatch(unit):
        raise InvalidNumber("Enhet är ett tal, t.ex. 23")
    return unit
