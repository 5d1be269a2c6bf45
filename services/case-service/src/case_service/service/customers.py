"""Use cases of the customer of a case and the registers around it: the customer tab (CASE-09),
the customer register (CASE-10), the property tab (CASE-11) and other cases of the customer
(CASE-12). Never log a personal identity number: log the case id instead.

The customer register is a projection of the case events (`feed_customer_register`), not written
by the use cases: the case and its event are stored in one write, so a crash after it only delays
the register, and a redelivered event feeds it again without harm."""

from collections.abc import Mapping
from dataclasses import dataclass

from arendo_contracts import CloudEvent
from arendo_contracts.events.case import CaseCreatedV1, case_changes_of, case_summary_of
from arendo_kit.auth import User
from arendo_kit.clock import Clock, utc_now
from arendo_kit.errors import InvalidInput, NotFound
from arendo_kit.logging import get_logger
from arendo_kit.outbox import EventFactory
from case_service.domain.access import confidential_inboxes
from case_service.domain.case import Case
from case_service.domain.customer import (
    CustomerRecord,
    OtherCasesQuery,
    RegisterSource,
    change_customer,
    clear_customer,
    copy_from_register,
    customer_from_input,
    customer_search,
    other_cases_query,
    ranked,
)
from case_service.domain.property import (
    Property,
    PropertyRegister,
    link_property,
    parse_property_csv,
    unlink_property,
)
from case_service.service.access import readable_case
from case_service.service.changes import Change, change_case
from case_service.store import CaseRepository, CustomerCases, CustomerRegister, LocalPropertyRegister, RegisterReplicas
from case_service.store.properties import PropertyImport

_log = get_logger(__name__)

CUSTOMER_NOT_FOUND = "Kunden finns inte i kundregistret"


# Changes after which the case's customer may have something new for the register: the customer
# itself, and confidentiality (a case no longer confidential may feed it).
FEEDING_FIELDS = frozenset({"customer", "confidential"})


async def feed_customer_register(
    *, cases: CaseRepository, customers: CustomerRegister, event: CloudEvent
) -> CustomerRecord | None:
    """CASE-10: every case's customer data goes into the register, from the case's own events (a
    registered case, or a change of its customer or confidentiality), read from the case as it is
    now. Not a confidential case's, whose customer other officers must not find through the
    register; nothing for an anonymous or cleared customer. The event's time orders feeds from
    different cases, so a late or repeated event never replaces what a newer change gave."""
    if event.routing_key != CaseCreatedV1.routing_key:
        changes = case_changes_of(event)
        if changes is None or not any(change.field in FEEDING_FIELDS for change in changes):
            return None
    case = await cases.get(case_summary_of(event).case_id)
    if case is None or case.confidential:
        return None
    source = RegisterSource(case_id=case.id, case_version=case.version, at=event.time)
    return await customers.record(case.customer, source=source)


async def set_customer(
    *,
    cases: CaseRepository,
    registers: RegisterReplicas,
    events: EventFactory,
    caller: User,
    case_id: str,
    expected_version: int,
    details: Mapping[str, object],
    clock: Clock = utc_now,
) -> Case:
    """CASE-09: the whole customer tab; `anonymous` clears and locks it."""

    async def apply(case: Case) -> Change:
        return change_customer(case, customer_from_input(details, today=clock().date()))

    return await change_case(
        cases=cases,
        registers=registers,
        events=events,
        caller=caller,
        case_id=case_id,
        expected_version=expected_version,
        apply=apply,
        clock=clock,
    )


async def clear_case_customer(
    *,
    cases: CaseRepository,
    registers: RegisterReplicas,
    events: EventFactory,
    caller: User,
    case_id: str,
    expected_version: int,
    clock: Clock = utc_now,
) -> Case:
    """CASE-09 "Rensa alla fält"."""

    async def apply(case: Case) -> Change:
        return clear_customer(case)

    return await change_case(
        cases=cases,
        registers=registers,
        events=events,
        caller=caller,
        case_id=case_id,
        expected_version=expected_version,
        apply=apply,
        clock=clock,
    )


async def copy_customer_from_register(
    *,
    cases: CaseRepository,
    registers: RegisterReplicas,
    customers: CustomerRegister,
    events: EventFactory,
    caller: User,
    case_id: str,
    expected_version: int,
    customer_id: str,
    clock: Clock = utc_now,
) -> Case:
    """CASE-10: the customer picked in the register search becomes the case's customer."""

    async def apply(case: Case) -> Change:
        record = await customers.get(customer_id)
        if record is None:
            raise NotFound(CUSTOMER_NOT_FOUND, field="customer_id")
        return copy_from_register(case, record)

    return await change_case(
        cases=cases,
        registers=registers,
        events=events,
        caller=caller,
        case_id=case_id,
        expected_version=expected_version,
        apply=apply,
        clock=clock,
    )


@dataclass(frozen=True)
class CustomerHit:
    record: CustomerRecord
    matched_on: tuple[str, ...]


async def search_customers(
    *,
    customers: CustomerRegister,
    email: str | None = None,
    personal_number: str | None = None,
    name: str | None = None,
    phone: str | None = None,
    company: str | None = None,
    limit: int = 50,
    clock: Clock = utc_now,
) -> list[CustomerHit]:
    """CASE-10: customers matching any field entered, the most unique hits (e-mail) first."""
    search = customer_search(
        email=email, personal_number=personal_number, name=name, phone=phone, company=company, today=clock().date()
    )
    candidates = await customers.candidates(search, limit=limit)
    return [CustomerHit(record, matched) for record, matched in ranked(candidates, search, limit=limit)]


async def search_properties(*, properties: PropertyRegister, text: str, limit: int = 50) -> list[Property]:
    """CASE-11: properties whose designation or address contains the text."""
    cleaned = " ".join(text.split())
    if len(cleaned) < 2:
        raise InvalidInput("Ange minst två tecken av fastighetsbeteckning eller adress", field="q")
    return await properties.search(cleaned, limit=limit)


async def import_properties(
    *, properties: LocalPropertyRegister, caller: User, text: str, clock: Clock = utc_now
) -> PropertyImport:
    """CASE-11: an admin replaces the local property register with a CSV file; every row is
    checked first and a file with any bad row imports nothing."""
    parsed = parse_property_csv(text)
    result = await properties.replace_all(parsed, imported_by=caller.id, now=clock())
    _log.info("property_register_imported", imported=result.imported, replaced=result.replaced, by=caller.id)
    return result


async def link_case_property(
    *,
    cases: CaseRepository,
    registers: RegisterReplicas,
    properties: PropertyRegister,
    events: EventFactory,
    caller: User,
    case_id: str,
    expected_version: int,
    property_id: str,
    clock: Clock = utc_now,
) -> Case:

    async def apply(case: Case) -> Change:
        chosen = await properties.get(property_id)
        if chosen is None:
            raise InvalidInput("Fastigheten finns inte i fastighetsregistret", field="property_id")
        return link_property(case, chosen)

    return await change_case(
        cases=cases,
        registers=registers,
        events=events,
        caller=caller,
        case_id=case_id,
        expected_version=expected_version,
        apply=apply,
        clock=clock,
    )


async def unlink_case_property(
    *,
    cases: CaseRepository,
    registers: RegisterReplicas,
    events: EventFactory,
    caller: User,
    case_id: str,
    expected_version: int,
    clock: Clock = utc_now,
) -> Case:

    async def apply(case: Case) -> Change:
        return unlink_property(case)

    return await change_case(
        cases=cases,
        registers=registers,
        events=events,
        caller=caller,
        case_id=case_id,
        expected_version=expected_version,
        apply=apply,
        clock=clock,
    )


@dataclass(frozen=True)
class OtherCases:
    query: OtherCasesQuery
    cases: list[Case]
    total: int


async def find_other_cases(
    *,
    cases: CaseRepository,
    registers: RegisterReplicas,
    customer_cases: CustomerCases,
    caller: User,
    case_id: str,
    email: str | None = None,
    personal_number: str | None = None,
    name: str | None = None,
    page: int = 1,
    page_size: int = 50,
    clock: Clock = utc_now,
) -> OtherCases:
    """CASE-12: other cases of the same customer, newest first, only those the caller may read."""
    case = await readable_case(cases=cases, registers=registers, caller=caller, case_id=case_id)
    query = other_cases_query(
        case.customer, email=email, personal_number=personal_number, name=name, today=clock().date()
    )
    found = await customer_cases.other_cases(
        query,
        excluding=case.id,
        confidential_inboxes=confidential_inboxes(await registers.users.get(caller.id)),
        skip=(page - 1) * page_size,
        limit=page_size,
    )
    return OtherCases(query=query, cases=found.cases, total=found.total)
