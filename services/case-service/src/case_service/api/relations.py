"""HTTP API of the relations tab (CASE-13), relating from the inbox (CASE-14) and link relations.

Every change answers with the tab as it is afterwards and the case's new version as ETag."""

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Path, Query, Response, status
from pydantic import BaseModel, ConfigDict, Field

from arendo_contracts.vocabulary import CaseStatus
from arendo_kit.auth import CurrentUser
from arendo_kit.errors import InvalidInput
from arendo_kit.versioning import IfMatchVersion, etag
from case_service.api.deps import Context
from case_service.api.schemas import LinkOut
from case_service.domain.case import Case
from case_service.domain.labels import STATUS_LABELS
from case_service.domain.relations import MAX_DESCRIPTION, MAX_URL, RelatedCase, Role
from case_service.service import relations

router = APIRouter(prefix="/api/cases", tags=["relations"])

CaseId = Annotated[str, Path(min_length=1, max_length=64)]
ItemId = Annotated[str, Path(min_length=1, max_length=64)]
Filter = Annotated[str | None, Query(max_length=200, description="filter text")]
CaseIds = Annotated[list[Annotated[str, Field(min_length=1, max_length=64)]], Field(min_length=1, max_length=100)]


class RelateSubCases(BaseModel):
    model_config = ConfigDict(extra="forbid")

    sub_case_ids: CaseIds
    description: str | None = Field(default=None, max_length=MAX_DESCRIPTION)


class RelateCases(BaseModel):
    """CASE-14: the cases selected in the inbox, one of them the main case."""

    model_config = ConfigDict(extra="forbid")

    main_case_id: str = Field(min_length=1, max_length=64)
    sub_case_ids: CaseIds
    sub_case_status: CaseStatus | None = Field(default=None, description="set on every sub-case (officer rule)")
    message: str | None = Field(default=None, max_length=MAX_DESCRIPTION, description="the relation's description")
    inherit_case_types: bool = Field(default=False, description="the sub-cases get the main case's case types")


class RelatedCaseOut(BaseModel):
    case_id: str
    number: str
    title: str
    description: str
    status: CaseStatus
    status_label: str
    inbox_id: str
    inbox_name: str
    role: Role = Field(description="main: the main case of this one; sub: a sub-case of this one")
    relation_description: str
    related_at: datetime
    documents_url: str = Field(description="the related case's document viewer")

    @classmethod
    def of(cls, row: RelatedCase) -> "RelatedCaseOut":
        return cls(
            case_id=row.case_id,
            number=row.number,
            title=row.title,
            description=row.description,
            status=row.status,
            status_label=STATUS_LABELS.get(row.status, row.status.value),
            inbox_id=row.inbox_id,
            inbox_name=row.inbox_name,
            role=row.role,
            relation_description=row.relation_description,
            related_at=row.related_at,
            documents_url=f"/api/cases/{row.case_id}/documents",
        )


class RelationsOut(BaseModel):
    case_id: str
    has_relations: bool
    related: list[RelatedCaseOut]
    version: int


class CandidateOut(BaseModel):
    case_id: str
    number: str
    title: str
    status: CaseStatus
    inbox_id: str


class RelateOutcomeOut(BaseModel):
    case_id: str
    number: str | None
    related: bool
    status: int = Field(description="200 when related, otherwise the status of the problem")
    detail: str | None


class RelateCasesOut(BaseModel):
    main_case_id: str
    main_case_version: int
    results: list[RelateOutcomeOut]


class LinkIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    url: str = Field(min_length=1, max_length=MAX_URL, description="http or https")
    description: str | None = Field(default=None, max_length=MAX_DESCRIPTION)


class LinkPatch(BaseModel):
    model_config = ConfigDict(extra="forbid")

    url: str | None = Field(default=None, min_length=1, max_length=MAX_URL)
    description: str | None = Field(default=None, max_length=MAX_DESCRIPTION)


class LinksOut(BaseModel):
    case_id: str
    links: list[LinkOut]
    version: int


# --- case relations ----------------------------------------------------------------------------


@router.post("/relations", response_model=RelateCasesOut)
async def relate_cases(body: RelateCases, ctx: Context, caller: CurrentUser) -> RelateCasesOut:
    """CASE-14 "Relatera": relate the selected cases to the chosen main case; each sub-case's
    result on its own (a refused one is left as it was)."""
    main, outcomes = await relations.relate_cases(
        cases=ctx.cases,
        registers=ctx.registers,
        events=ctx.events,
        caller=caller,
        main_case_id=body.main_case_id,
        sub_case_ids=body.sub_case_ids,
        sub_case_status=body.sub_case_status,
        message=body.message,
        inherit_case_types=body.inherit_case_types,
    )
    results = [
        RelateOutcomeOut(
            case_id=o.case_id, number=o.number, related=o.status == status.HTTP_200_OK, status=o.status, detail=o.detail
        )
        for o in outcomes
    ]
    return RelateCasesOut(main_case_id=main.id, main_case_version=main.version, results=results)


@router.get("/{case_id}/relations", response_model=RelationsOut)
async def list_relations(
    case_id: CaseId, ctx: Context, caller: CurrentUser, response: Response, q: Filter = None
) -> RelationsOut:
    """The relations tab: the main case and the sub-cases, filtered by number, title, description,
    status or inbox."""
    case, rows = await relations.list_relations(
        cases=ctx.cases, registers=ctx.registers, caller=caller, case_id=case_id, query=q
    )
    return _relations(case, rows, response)


@router.post("/{case_id}/relations", response_model=RelationsOut)
async def relate_sub_cases(
    case_id: CaseId,
    body: RelateSubCases,
    version: IfMatchVersion,
    ctx: Context,
    caller: CurrentUser,
    response: Response,
) -> RelationsOut:
    """ "Lägg till relation": the chosen cases become sub-cases of this one."""
    await relations.relate_sub_cases(
        cases=ctx.cases,
        registers=ctx.registers,
        events=ctx.events,
        caller=caller,
        case_id=case_id,
        expected_version=version,
        sub_case_ids=body.sub_case_ids,
        description=body.description,
    )
    case, rows = await relations.list_relations(
        cases=ctx.cases, registers=ctx.registers, caller=caller, case_id=case_id
    )
    return _relations(case, rows, response)


@router.delete("/{case_id}/relations/{other_case_id}", response_model=RelationsOut)
async def remove_relation(
    case_id: CaseId,
    other_case_id: ItemId,
    version: IfMatchVersion,
    ctx: Context,
    caller: CurrentUser,
    response: Response,
) -> RelationsOut:
    """ "Ta bort relation" to a main case or a sub-case."""
    await relations.remove_relation(
        cases=ctx.cases,
        registers=ctx.registers,
        events=ctx.events,
        caller=caller,
        case_id=case_id,
        expected_version=version,
        other_id=other_case_id,
    )
    case, rows = await relations.list_relations(
        cases=ctx.cases, registers=ctx.registers, caller=caller, case_id=case_id
    )
    return _relations(case, rows, response)


@router.get("/{case_id}/relation-candidates", response_model=list[CandidateOut])
async def relation_candidates(
    case_id: CaseId,
    ctx: Context,
    caller: CurrentUser,
    q: Annotated[str, Query(min_length=1, max_length=200, description="a case number or words of the title")],
) -> list[CandidateOut]:
    """Cases found by case number or free text that can be added as sub-cases."""
    found = await relations.relation_candidates(
        cases=ctx.cases, registers=ctx.registers, caller=caller, case_id=case_id, query=q
    )
    return [
        CandidateOut(case_id=c.id, number=c.number, title=c.title, status=c.status, inbox_id=c.inbox_id) for c in found
    ]


# --- link relations ------------------------------------------------------------------------------


@router.get("/{case_id}/links", response_model=LinksOut)
async def list_links(
    case_id: CaseId, ctx: Context, caller: CurrentUser, response: Response, q: Filter = None
) -> LinksOut:
    case, links = await relations.list_links(
        cases=ctx.cases, registers=ctx.registers, caller=caller, case_id=case_id, query=q
    )
    response.headers["ETag"] = etag(case.version)
    return LinksOut(
        case_id=case.id, links=[LinkOut.model_validate(link.model_dump()) for link in links], version=case.version
    )


@router.post("/{case_id}/links", status_code=status.HTTP_201_CREATED, response_model=LinkOut)
async def add_link(
    case_id: CaseId, body: LinkIn, version: IfMatchVersion, ctx: Context, caller: CurrentUser, response: Response
) -> LinkOut:
    """Relate a web link (http or https) with an optional description."""
    case, link = await relations.add_case_link(
        cases=ctx.cases,
        registers=ctx.registers,
        events=ctx.events,
        caller=caller,
        case_id=case_id,
        expected_version=version,
        url=body.url,
        description=body.description,
    )
    response.headers["ETag"] = etag(case.version)
    response.headers["Location"] = f"/api/cases/{case.id}/links/{link.id}"
    return LinkOut.model_validate(link.model_dump())


@router.patch("/{case_id}/links/{link_id}", response_model=LinkOut)
async def edit_link(
    case_id: CaseId,
    link_id: ItemId,
    body: LinkPatch,
    version: IfMatchVersion,
    ctx: Context,
    caller: CurrentUser,
    response: Response,
) -> LinkOut:
    """Change the link's address or description (only what is sent; the address cannot be emptied)."""
    if "url" in body.model_fields_set and body.url is None:
        raise InvalidInput("Webbadressen kan inte tömmas; ta bort länken i stället", field="url")
    case, link = await relations.edit_case_link(
        cases=ctx.cases,
        registers=ctx.registers,
        events=ctx.events,
        caller=caller,
        case_id=case_id,
        expected_version=version,
        link_id=link_id,
        url=body.url,
        description=body.description,
    )
    response.headers["ETag"] = etag(case.version)
    return LinkOut.model_validate(link.model_dump())


@router.delete("/{case_id}/links/{link_id}", response_model=LinksOut)
async def remove_link(
    case_id: CaseId, link_id: ItemId, version: IfMatchVersion, ctx: Context, caller: CurrentUser, response: Response
) -> LinksOut:
    case = await relations.remove_case_link(
        cases=ctx.cases,
        registers=ctx.registers,
        events=ctx.events,
        caller=caller,
        case_id=case_id,
        expected_version=version,
        link_id=link_id,
    )
    response.headers["ETag"] = etag(case.version)
    return LinksOut(
        case_id=case.id, links=[LinkOut.model_validate(link.model_dump()) for link in case.links], version=case.version
    )


def _relations(case: Case, rows: list[RelatedCase], response: Response) -> RelationsOut:
    response.headers["ETag"] = etag(case.version)
    return RelationsOut(
        case_id=case.id,
        has_relations=case.has_relations,
        related=[RelatedCaseOut.of(row) for row in rows],
        version=case.version,
    )
