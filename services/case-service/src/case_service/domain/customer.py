"""The customer of a case (CASE-09), the customer register fed by every case (CASE-10) and
the search for other cases of the same customer (CASE-12). No I/O.

The register is a projection of the case events, fed at least once and in any order: each value
remembers the case change it came from, so a repeated or older feed never replaces a newer one.

A personal identity number is personal data: it is kept on the case and in the register,
but never put into event changes, log lines or error messages."""

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from pydantic import BaseModel, ConfigDict, Field, field_validator

from arendo_contracts.events.case import FieldChange
from arendo_kit.errors import Conflict, InvalidInput
from arendo_kit.text import fold
from case_service.domain.identity_numbers import (
    InvalidNumber,
    normalise_organisation_number,
    normalise_personal_number,
    normalise_phone,
    normalise_postcode,
    validate_block,
    validate_unit,
)

if TYPE_CHECKING:
    from case_service.domain.case import Case

ANONYMOUS_NAME = "Anonym"
UNNAMED_CUSTOMER = "Kund"
_EMAIL = re.compile(r"[^@\s]{1,64}@[^@\s.]+(\.[^@\s.]+)+")
_SWEDEN = frozenset({"", "sverige", "sweden", "se", "swe"})


def tidy(value: object) -> str | None:
    """Trimmed text with single spaces; blank is None."""
    if not isinstance(value, str):
        return None
    return " ".join(value.split()) or None


def email_key(email: str) -> str:
    return email.strip().casefold()


class CustomerType(StrEnum):
    ASSOCIATION = "association"
    COMPANY = "company"
    PRIVATE_PERSON = "private_person"

    @property
    def label(self) -> str:
        return {"association": "Förening", "company": "Företag", "private_person": "Privatperson"}[self.value]


# Swedish labels of the customer tab, in the tab's order (also the order input errors are reported in).
FIELD_LABELS: dict[str, str] = {
    "first_name": "förnamn",
    "last_name": "efternamn",
    "company": "företag",
    "organisation_number": "organisationsnummer",
    "care_of": "c/o-adress",
    "street": "gatuadress",
    "postcode": "postnummer",
    "city": "postort",
    "country": "land",
    "type": "typ",
    "personal_number": "personnummer",
    "home_phone": "hemtelefon",
    "mobile_phone": "mobiltelefon",
    "work_phone": "arbetstelefon",
    "email": "e-post",
    "other_email": "annan e-post",
    "trakt": "trakt",
    "block": "block",
    "enhet": "enhet",
}
CUSTOMER_FIELDS = tuple(FIELD_LABELS)
PHONE_FIELDS = ("home_phone", "mobile_phone", "work_phone")


class Customer(BaseModel):
    """The customer tab (kundinfo) of a case. Anonymous means no other field is set, and none
    may be until anonymous is turned off."""

    model_config = ConfigDict(frozen=True)

    anonymous: bool = False
    first_name: str | None = None
    last_name: str | None = None
    company: str | None = None
    organisation_number: str | None = Field(default=None, description="NNNNNN-NNNN")
    care_of: str | None = None
    street: str | None = None
    postcode: str | None = Field(default=None, description="`123 45` for Swedish addresses")
    city: str | None = None
    country: str | None = None
    type: CustomerType | None = None
    personal_number: str | None = Field(default=None, description="personnummer or samordningsnummer, 12 digits")
    home_phone: str | None = Field(default=None, description="E.164")
    mobile_phone: str | None = Field(default=None, description="E.164")
    work_phone: str | None = Field(default=None, description="E.164")
    email: str | None = None
    other_email: str | None = None
    trakt: str | None = None
    block: str | None = None
    enhet: str | None = None

    def is_empty(self) -> bool:
        return not self.anonymous and all(getattr(self, f) is None for f in CUSTOMER_FIELDS)

    def person_name(self) -> str | None:
        return " ".join(n for n in (self.first_name, self.last_name) if n) or None

    def display_name(self) -> str | None:
        """What lists show: the name, else the company, else the e-mail; "Anonym" when anonymous."""
        if self.anonymous:
            return ANONYMOUS_NAME
        return self.person_name() or self.company or self.email

    def phones(self) -> tuple[str, ...]:
        return tuple(p for p in (self.home_phone, self.mobile_phone, self.work_phone) if p)

    def email_keys(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(email_key(e) for e in (self.email, self.other_email) if e))

    def name_search_text(self) -> str | None:
        """Folded name in both orders and the company, for part matches ("anna sv", "svensson a")."""
        parts = []
        if person := self.person_name():
            parts.append(fold(person))
            if self.first_name and self.last_name:
                parts.append(fold(f"{self.last_name} {self.first_name}"))
        if self.company:
            parts.append(fold(self.company))
        return " | ".join(parts) or None

    def case_search_keys(self) -> tuple[str, ...]:
        """Exact keys another case of the same customer shares: its e-mails and personal number."""
        keys = [f"email:{e}" for e in self.email_keys()]
        if self.personal_number:
            keys.append(f"pnr:{self.personal_number}")
        return tuple(keys)


# --- input ---------------------------------------------------------------------------------------


def customer_from_input(values: Mapping[str, object], *, today: date) -> Customer:
    """The whole customer tab as an officer sent it, normalised; InvalidInput names the first bad field."""
    unknown = sorted(set(values) - {"anonymous", *CUSTOMER_FIELDS})
    if unknown:
        raise InvalidInput(f"Fältet {unknown[0]!r} finns inte i kundinfo", field=unknown[0])
    texts = {f: tidy(values.get(f)) for f in CUSTOMER_FIELDS if f != "type"}
    customer_type = values.get("type")
    if customer_type is not None and not isinstance(customer_type, CustomerType):
        try:
            customer_type = CustomerType(str(customer_type))
        except ValueError:
            raise InvalidInput("Typ ska vara förening, företag eller privatperson", field="type") from None
    if values.get("anonymous") is True:
        if customer_type is not None or any(texts.values()):
            raise InvalidInput(
                "En anonym kund kan inte ha några uppgifter; töm fälten eller slå av Anonym", field="anonymous"
            )
        return Customer(anonymous=True)
    country = texts["country"]
    checks: dict[str, Callable[[str], str]] = {
        "organisation_number": normalise_organisation_number,
        "personal_number": lambda raw: normalise_personal_number(raw, today=today),
        "home_phone": normalise_phone,
        "mobile_phone": normalise_phone,
        "work_phone": normalise_phone,
        "email": _normalise_email,
        "other_email": _normalise_email,
        "block": validate_block,
        "enhet": validate_unit,
    }
    if fold(country or "") in _SWEDEN:
        checks["postcode"] = normalise_postcode
    cleaned: dict[str, object] = {"type": customer_type}
    for field in CUSTOMER_FIELDS:
        if field == "type":
            continue
        raw = texts[field]
        if raw is not None and field in checks:
            try:
                raw = checks[field](raw)
            except InvalidNumber as exc:
                raise InvalidInput(exc.message, field=field) from None
        cleaned[field] = raw
    return Customer.model_validate(cleaned)


def _normalise_email(raw: str) -> str:
    if len(raw) > 254 or not _EMAIL.fullmatch(raw):
        raise InvalidNumber("E-postadressen ska se ut som namn@exempel.se")
    local, _, domain = raw.rpartition("@")
    return f"{local}@{domain.lower()}"


# --- the customer on the case --------------------------------------------------------------------


def customer_change(old: Customer, new: Customer) -> FieldChange:
    """The event-log line of a customer change: old → new display text and which fields changed,
    never their values (the personal identity number and the rest stay out of events)."""
    changed = [FIELD_LABELS[f] for f in CUSTOMER_FIELDS if getattr(old, f) != getattr(new, f)]
    new_text = _describe(new)
    if new_text is not None and not new.anonymous and changed:
        new_text = f"{new_text} (ändrat: {', '.join(changed)})"
    return FieldChange(field="customer", old=_describe(old), new=new_text)


def _describe(customer: Customer) -> str | None:
    if customer.is_empty():
        return None
    return customer.display_name() or UNNAMED_CUSTOMER


def change_customer(case: "Case", new: Customer) -> tuple["Case", list[FieldChange]]:
    """Replace the customer tab whole. An anonymous customer is locked: the only change allowed is
    turning anonymous off (an empty, not anonymous customer)."""
    old = case.customer
    if old == new:
        return case, []
    if old.anonymous and not new.is_empty():
        raise Conflict("Kunden är anonym; slå av Anonym innan kunduppgifterna ändras", field="anonymous")
    changed = case.model_copy(update={"customer": new, "version": case.next_version()})
    return changed, [customer_change(old, new)]


def clear_customer(case: "Case") -> tuple["Case", list[FieldChange]]:
    """ "Rensa alla fält"; an anonymous customer has nothing to clear and stays locked."""
    if case.customer.anonymous:
        raise Conflict("Kunden är anonym; slå av Anonym innan fälten töms", field="anonymous")
    return change_customer(case, Customer())


def copy_from_register(case: "Case", record: "CustomerRecord") -> tuple["Case", list[FieldChange]]:
    """CASE-10: use the registered data of the customer picked in the search on this case."""
    if case.customer.anonymous:
        raise Conflict("Kunden är anonym; slå av Anonym innan en kund väljs ur kundregistret", field="anonymous")
    return change_customer(case, record.customer)


# --- the customer register (CASE-10) -------------------------------------------------------------


class RegisterSource(BaseModel):
    """The case change a register value came from: the case, its version as read, and when it was
    changed (the time of its event)."""

    model_config = ConfigDict(frozen=True)

    case_id: str
    case_version: int = Field(ge=1)
    at: datetime

    @field_validator("at")
    @classmethod
    def _to_milliseconds(cls, value: datetime) -> datetime:
        # MongoDB keeps milliseconds: compare what is stored, so a feed read back equals itself.
        return value.replace(microsecond=value.microsecond - value.microsecond % 1000)

    def supersedes(self, recorded: "RegisterSource | None") -> bool:
        """Whether a value fed from here replaces the recorded one: a later version of the same
        case does (its versions order its changes whatever the clocks say), another case's when
        it was changed later. The same feed again replaces nothing."""
        if recorded is None:
            return True
        if recorded.case_id == self.case_id:
            return self.case_version > recorded.case_version
        return self.at > recorded.at

    def after(self, recorded: "RegisterSource | None") -> "RegisterSource":
        """This source as recorded over `recorded`: a later version of the same case is at least as
        recent as the one it replaces, even when its event is older than that one's."""
        if recorded is None or recorded.case_id != self.case_id or recorded.at <= self.at:
            return self
        return self.model_copy(update={"at": recorded.at})


class CustomerRecord(BaseModel):
    """A customer in the register, keyed by personal identity number, else organisation number,
    else e-mail; each field holds the latest value any case gave it, and `sources` which case
    change gave it."""

    model_config = ConfigDict(frozen=True)

    id: str
    key: str
    customer: Customer
    updated_at: datetime
    version: int = Field(ge=1)
    sources: dict[str, RegisterSource] = Field(default_factory=dict)


def register_keys(customer: Customer) -> tuple[str, ...]:
    """The keys a customer can be registered under, strongest first; none for an anonymous or
    empty (cleared) one."""
    if customer.anonymous:
        return ()
    keys = []
    if customer.personal_number:
        keys.append(f"pnr:{customer.personal_number}")
    if customer.organisation_number:
        keys.append(f"org:{customer.organisation_number}")
    keys.extend(f"email:{e}" for e in customer.email_keys())
    return tuple(keys)


def record_to_update(found: Iterable[CustomerRecord], keys: tuple[str, ...]) -> CustomerRecord | None:
    """The register entry a customer's data goes into: the one under its strongest key, else one
    known only by one of its e-mails (then moved to the stronger key); None means a new entry."""
    by_key = {r.key: r for r in found}
    if keys and keys[0] in by_key:
        return by_key[keys[0]]
    return next((by_key[k] for k in keys if k.startswith("email:") and k in by_key), None)


def registered(
    existing: CustomerRecord | None, customer: Customer, *, key: str, new_id: str, source: RegisterSource
) -> CustomerRecord | None:
    """The register entry after a case's customer data came in, or None when it changes nothing.
    A given field wins over a value from an older case change; blank fields keep what the
    register knew."""
    given = {f: getattr(customer, f) for f in CUSTOMER_FIELDS if getattr(customer, f) is not None}
    if existing is None:
        return CustomerRecord(
            id=new_id,
            key=key,
            customer=customer,
            updated_at=source.at,
            version=1,
            sources=dict.fromkeys(given, source),
        )
    taken = {f: value for f, value in given.items() if source.supersedes(existing.sources.get(f))}
    if not taken and key == existing.key:
        return None
    return existing.model_copy(
        update={
            "key": key,
            "customer": existing.customer.model_copy(update=taken),
            "sources": {**existing.sources, **{f: source.after(existing.sources.get(f)) for f in taken}},
            "updated_at": max(existing.updated_at, source.at),
            "version": existing.version + 1,
        }
    )


@dataclass(frozen=True)
class CustomerSearch:
    """What an officer searches the register by, normalised the way the register stores it."""

    email: str | None = None
    personal_number: str | None = None
    name: str | None = None
    phone: str | None = None
    company: str | None = None


# How strongly a matching field singles out the customer: e-mail gives the most unique hit.
MATCH_WEIGHTS = {"email": 16, "personal_number": 8, "phone": 4, "name": 2, "company": 1}


def customer_search(
    *,
    email: str | None,
    personal_number: str | None,
    name: str | None,
    phone: str | None,
    company: str | None,
    today: date,
) -> CustomerSearch:
    search = CustomerSearch(
        email=email_key(e) if (e := tidy(email)) else None,
        personal_number=_personal_number(personal_number, today=today),
        name=fold(n) if (n := tidy(name)) else None,
        phone=_checked(phone, "phone", normalise_phone),
        company=fold(c) if (c := tidy(company)) else None,
    )
    if search == CustomerSearch():
        raise InvalidInput(
            "Ange minst ett sökbegrepp: e-post, personnummer, namn, telefon eller företag", field="query"
        )
    return search


def _personal_number(raw: str | None, *, today: date) -> str | None:
    return _checked(raw, "personal_number", lambda text: normalise_personal_number(text, today=today))


def _checked(raw: str | None, field: str, normalise: Callable[[str], str]) -> str | None:
    text = tidy(raw)
    if text is None:
        return None
    try:
        return normalise(text)
    except InvalidNumber as exc:
        raise InvalidInput(exc.message, field=field) from None


def matched_fields(customer: Customer, search: CustomerSearch) -> tuple[str, ...]:
    matched = []
    if search.email and search.email in customer.email_keys():
        matched.append("email")
    if search.personal_number and search.personal_number == customer.personal_number:
        matched.append("personal_number")
    if search.phone and search.phone in customer.phones():
        matched.append("phone")
    if search.name and search.name in (customer.name_search_text() or ""):
        matched.append("name")
    if search.company and search.company in fold(customer.company or ""):
        matched.append("company")
    return tuple(matched)


def ranked(
    records: Iterable[CustomerRecord], search: CustomerSearch, *, limit: int
) -> list[tuple[CustomerRecord, tuple[str, ...]]]:
    """The records matching any field, the most unique hits first (e-mail, then personal
    identity number, phone, name, company), then by name."""
    hits = {r.id: (r, matched_fields(r.customer, search)) for r in records}
    found = [hit for hit in hits.values() if hit[1]]
    found.sort(
        key=lambda hit: (
            -sum(MATCH_WEIGHTS[f] for f in hit[1]),
            fold(hit[0].customer.display_name() or ""),
            hit[0].id,
        )
    )
    return found[:limit]


# --- other cases of the same customer (CASE-12) --------------------------------------------------


@dataclass(frozen=True)
class OtherCasesQuery:
    email: str | None = None
    personal_number: str | None = None
    name: str | None = None

    def is_empty(self) -> bool:
        return self == OtherCasesQuery()


def other_cases_query(
    customer: Customer, *, email: str | None, personal_number: str | None, name: str | None, today: date
) -> OtherCasesQuery:
    """The fields are filled from the case's customer; an officer who gives any of them searches
    by what they gave instead. A case matches when any given field matches."""
    if not any(tidy(v) for v in (email, personal_number, name)):
        if customer.anonymous:
            return OtherCasesQuery()
        return OtherCasesQuery(
            email=customer.email,
            personal_number=customer.personal_number,
            name=customer.person_name() or customer.company,
        )
    return OtherCasesQuery(
        email=tidy(email),
        personal_number=_personal_number(personal_number, today=today),
        name=tidy(name),
    )
