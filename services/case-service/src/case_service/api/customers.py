"""HTTP API of the customer of a case and the registers around it: the customer tab (CASE-09),
the customer register search (CASE-10), the property tab and register (CASE-11) and other
cases of the customer (CASE-12).

A personal identity number never goes into a URL, where access logs, proxies and the browser
history would keep it: searches by it are POSTed with the criteria in the body, and a GET that
still carries one in its query string is refused.

This router declares fixed paths under /api/cases (`/customers`, `/properties`), so the app
must include it before the router of `/api/cases/{case_id}`, which would otherwise take them
for case ids."""

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request, Response, status
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field

from arendo_kit.auth import AdminUser, CurrentUser
from arendo_kit.errors import InvalidInput
from arendo_kit.problems import problem_response
from arendo_kit.versioning import IfMatchVersion, etag
from case_service import service
from case_service.api.deps import Context
from case_service.api.schemas import (
    CaseOut,
    CustomerHitOut,
    CustomerIn,
    CustomerOut,
    OtherCaseOut,
    OtherCasesOut,
    PropertyImportOut,
    PropertyLink,
    PropertyOut,
)
from case_service.domain.case import Case
from case_service.domain.property import PropertyImportRejected
from case_service.service.customers import CustomerHit, OtherCases

router = APIRouter(prefix="/api/cases", tags=["customers"])

CaseId = Annotated[str, Path(min_length=1, max_length=64)]
CustomerId = Annotated[str, Path(min_length=1, max_length=64)]
SearchText = Annotated[str | None, Query(max_length=254)]

CSV_TYPES = frozenset({"text/csv", "application/csv", "text/plain"})
MAX_CSV_BYTES = 32 * 1024 * 1024

NO_PERSONAL_NUMBER_IN_URL = (
    "Personnummer får inte skickas i adressen, där det sparas i loggar och webbläsarens historik; "
    "sök med {post} och personnumret i anropets innehåll"
)
REFUSED_IN_URL: dict[int | str, dict[str, Any]] = {
    422: {"description": "bad input, or `personal_number` in the query string: POST the search instead"}
}


class CustomerSearchIn(BaseModel):
    """CASE-10 "Sök": any of the fields; a customer matches when any given field matches."""

    model_config = ConfigDict(extra="forbid")

    email: str | None = Field(default=None, max_length=254)
    personal_number: str | None = Field(
        default=None, max_length=20, description="ååååmmddnnnn, with or without hyphen; samordningsnummer too"
    )
    name: str | None = Field(default=None, max_length=254, description="part of the name, in either order")
    phone: str | None = Field(default=None, max_length=40)
    company: str | None = Field(default=None, max_length=254, description="part of the company name")
    limit: int = Field(default=50, ge=1, le=200)


class OtherCasesSearchIn(BaseModel):
    """CASE-12 "Övriga ärenden": without email, personal_number and name the search is filled from
    the case's customer; a case matches when any given field matches."""

    model_config = ConfigDict(extra="forbid")

    email: str | None = Field(default=None, max_length=254)
    personal_number: str | None = Field(
        default=None, max_length=20, description="ååååmmddnnnn, with or without hyphen; samordningsnummer too"
    )
    name: str | None = Field(default=None, max_length=254)
    page: int = Field(default=1, ge=1, le=100_000)
    page_size: int = Field(default=50, ge=1, le=200)


def _card(case: Case, response: Response) -> CaseOut:
    response.headers["ETag"] = etag(case.version)
    return CaseOut.of(case)


def _refuse_personal_number_in_url(request: Request, *, post: str) -> None:
    """FastAPI ignores query parameters it does not declare: a client still sending the personal
    identity number in the URL would silently search without it."""
    if "personal_number" in request.query_params:
        raise InvalidInput(NO_PERSONAL_NUMBER_IN_URL.format(post=post), field="personal_number")


def _hits(hits: list[CustomerHit]) -> list[CustomerHitOut]:
    return [
        CustomerHitOut(
            id=hit.record.id,
            display_name=hit.record.customer.display_name(),
            customer=CustomerOut.model_validate(hit.record.customer.model_dump()),
            matched_on=list(hit.matched_on),
            updated_at=hit.record.updated_at,
        )
        for hit in hits
    ]


# --- fixed paths first: the customer register and the property register ---


@router.get("/customers", response_model=list[CustomerHitOut], responses=REFUSED_IN_URL)
async def search_customers(
    request: Request,
    ctx: Context,
    _: CurrentUser,
    email: SearchText = None,
    name: SearchText = None,
    phone: SearchText = None,
    company: SearchText = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> list[CustomerHitOut]:
    """CASE-10 "Sök": customers in the register matching any field given; an e-mail gives the
    most unique hit and comes first, then phone, name, company. A personal identity number is
    never taken in the URL (422): search by it with POST /api/cases/customers/search."""
    _refuse_personal_number_in_url(request, post="POST /api/cases/customers/search")
    hits = await service.search_customers(
        customers=ctx.customers, email=email, name=name, phone=phone, company=company, limit=limit
    )
    return _hits(hits)


@router.post("/customers/search", response_model=list[CustomerHitOut])
async def search_customers_by_body(body: CustomerSearchIn, ctx: Context, _: CurrentUser) -> list[CustomerHitOut]:
    """CASE-10 "Sök" with the criteria in the body, so a personal identity number stays out of
    URLs and logs: customers in the register matching any field given; an e-mail gives the most
    unique hit and comes first, then personal identity number, phone, name, company. Changes
    nothing."""
    hits = await service.search_customers(
        customers=ctx.customers,
        email=body.email,
        personal_number=body.personal_number,
        name=body.name,
        phone=body.phone,
        company=body.company,
        limit=body.limit,
    )
    return _hits(hits)


@router.get("/properties", response_model=list[PropertyOut])
async def search_properties(
    ctx: Context,
    _: CurrentUser,
    q: Annotated[str, Query(max_length=200, description="part of the designation or the address")],
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> list[PropertyOut]:
    """CASE-11: search the property register by designation or address."""
    found = await service.search_properties(properties=ctx.properties, text=q, limit=limit)
    return [PropertyOut.model_validate(p.model_dump()) for p in found]


@router.post(
    "/properties/import",
    response_model=PropertyImportOut,
    openapi_extra={"requestBody": {"required": True, "content": {"text/csv": {"schema": {"type": "string"}}}}},
    responses={422: {"description": "the file has bad lines; nothing was imported; `errors` lists line and column"}},
)
async def import_properties(request: Request, ctx: Context, caller: AdminUser) -> PropertyImportOut | JSONResponse:
    """CASE-11: an admin replaces the local property register with a CSV file whose first line
    names the columns designation, trakt, block, enhet, address, postcode, city (`,` or `;`).
    Every row is checked first; a file with any bad row imports nothing."""
    media_type = request.headers.get("content-type", "").partition(";")[0].strip().lower()
    if media_type not in CSV_TYPES:
        return problem_response(
            status=status.HTTP_415_UNSUPPORTED_MEDIA_TYPE,
            title="Unsupported media type",
            detail="Skicka filen som text/csv",
            type_slug="unsupported-media-type",
            instance=request.url.path,
        )
    text = _decode(await _read_limited(request))
    try:
        result = await service.import_properties(properties=ctx.properties, caller=caller, text=text)
    except PropertyImportRejected as rejected:
        return problem_response(
            status=422,
            title="Invalid input",
            detail=rejected.detail,
            type_slug="invalid-input",
            instance=request.url.path,
            errors=[
                {"line": p.line, "message": p.message, **({"field": p.column} if p.column else {})}
                for p in rejected.problems
            ],
            error_count=rejected.total,
        )
    return PropertyImportOut(imported=result.imported, replaced=result.replaced, imported_at=result.imported_at)


async def _read_limited(request: Request) -> bytes:
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > MAX_CSV_BYTES:
            raise InvalidInput(f"Filen får vara högst {MAX_CSV_BYTES // (1024 * 1024)} MB", field="body")
        chunks.append(chunk)
    return b"".join(chunks)


def _decode(body: bytes) -> str:
    """UTF-8 (with or without BOM); Swedish spreadsheets also save Windows-1252."""
    try:
        return body.decode("utf-8-sig")
    except UnicodeDecodeError:
        return body.decode("cp1252", errors="replace")


# --- the customer tab of a case ---


@router.put("/{case_id}/customer", response_model=CaseOut)
async def put_customer(
    case_id: CaseId, body: CustomerIn, version: IfMatchVersion, ctx: Context, caller: CurrentUser, response: Response
) -> CaseOut:
    """CASE-09: the whole customer tab. Numbers are normalised (personnummer to 12 digits, phones
    to E.164, postcode to `123 45`); `anonymous: true` comes alone and locks the tab until it is
    turned off with `anonymous: false` and no other field."""
    case = await service.set_customer(
        cases=ctx.cases,
        registers=ctx.registers,
        events=ctx.events,
        caller=caller,
        case_id=case_id,
        expected_version=version,
        details=body.model_dump(),
    )
    return _card(case, response)


@router.delete("/{case_id}/customer", response_model=CaseOut)
async def clear_customer(
    case_id: CaseId, version: IfMatchVersion, ctx: Context, caller: CurrentUser, response: Response
) -> CaseOut:
    """CASE-09 "Rensa alla fält"."""
    case = await service.clear_case_customer(
        cases=ctx.cases,
        registers=ctx.registers,
        events=ctx.events,
        caller=caller,
        case_id=case_id,
        expected_version=version,
    )
    return _card(case, response)


@router.post("/{case_id}/customer/from-register/{customer_id}", response_model=CaseOut)
async def customer_from_register(
    case_id: CaseId,
    customer_id: CustomerId,
    version: IfMatchVersion,
    ctx: Context,
    caller: CurrentUser,
    response: Response,
) -> CaseOut:
    """CASE-10: copy the data of the customer picked in the register search to the case."""
    case = await service.copy_customer_from_register(
        cases=ctx.cases,
        registers=ctx.registers,
        customers=ctx.customers,
        events=ctx.events,
        caller=caller,
        case_id=case_id,
        expected_version=version,
        customer_id=customer_id,
    )
    return _card(case, response)


# --- the property tab of a case ---


@router.put("/{case_id}/property", response_model=CaseOut)
async def link_property(
    case_id: CaseId, body: PropertyLink, version: IfMatchVersion, ctx: Context, caller: CurrentUser, response: Response
) -> CaseOut:
    """CASE-11 "Välj fastighet": link a property from the register search to the case."""
    case = await service.link_case_property(
        cases=ctx.cases,
        registers=ctx.registers,
        properties=ctx.properties,
        events=ctx.events,
        caller=caller,
        case_id=case_id,
        expected_version=version,
        property_id=body.property_id,
    )
    return _card(case, response)


@router.delete("/{case_id}/property", response_model=CaseOut)
async def unlink_property(
    case_id: CaseId, version: IfMatchVersion, ctx: Context, caller: CurrentUser, response: Response
) -> CaseOut:
    case = await service.unlink_case_property(
        cases=ctx.cases,
        registers=ctx.registers,
        events=ctx.events,
        caller=caller,
        case_id=case_id,
        expected_version=version,
    )
    return _card(case, response)


# --- other cases of the customer ---


@router.get("/{case_id}/other-cases", response_model=OtherCasesOut, responses=REFUSED_IN_URL)
async def other_cases(
    request: Request,
    case_id: CaseId,
    ctx: Context,
    caller: CurrentUser,
    email: SearchText = None,
    name: SearchText = None,
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
    page_size: Annotated[int, Query(ge=1, le=200)] = 50,
) -> OtherCasesOut:
    """CASE-12 "Övriga ärenden": other cases of the same customer, newest first. Without email and
    name the search is filled from the case's customer (its personal identity number too); a case
    matches when any field matches. Confidential cases the caller may not read are left out. A
    personal identity number is never taken in the URL (422): search by it with
    POST /api/cases/{case_id}/other-cases/search."""
    _refuse_personal_number_in_url(request, post=f"POST /api/cases/{case_id}/other-cases/search")
    found = await service.find_other_cases(
        cases=ctx.cases,
        registers=ctx.registers,
        customer_cases=ctx.customer_cases,
        caller=caller,
        case_id=case_id,
        email=email,
        name=name,
        page=page,
        page_size=page_size,
    )
    return _other_cases(found, page=page, page_size=page_size)


@router.post("/{case_id}/other-cases/search", response_model=OtherCasesOut)
async def other_cases_by_body(
    case_id: CaseId, body: OtherCasesSearchIn, ctx: Context, caller: CurrentUser
) -> OtherCasesOut:
    """CASE-12 "Övriga ärenden" with the search in the body, so a personal identity number stays
    out of URLs and logs: other cases of the same customer, newest first. Without email,
    personal_number and name the search is filled from the case's customer; a case matches when
    any field matches. Confidential cases the caller may not read are left out. Changes nothing."""
    found = await service.find_other_cases(
        cases=ctx.cases,
        registers=ctx.registers,
        customer_cases=ctx.customer_cases,
        caller=caller,
        case_id=case_id,
        email=body.email,
        personal_number=body.personal_number,
        name=body.name,
        page=body.page,
        page_size=body.page_size,
    )
    return _other_cases(found, page=body.page, page_size=body.page_size)


def _other_cases(found: OtherCases, *, page: int, page_size: int) -> OtherCasesOut:
    return OtherCasesOut(
        email=found.query.email,
        personal_number=found.query.personal_number,
        name=found.query.name,
        items=[OtherCaseOut.model_validate(c.model_dump()) for c in found.cases],
        total=found.total,
        page=page,
        page_size=page_size,
    )
