"""HTTP API of the inbox view: the cases of an inbox."""

from typing import Annotated

from fastapi import APIRouter, Path, Query

from arendo_kit.auth import CurrentUser
from inbox_service import service
from inbox_service.api.deps import Context
from inbox_service.api.schemas import CasePage, CaseRow
from inbox_service.domain.inbox_view import officer_label

router = APIRouter(prefix="/api/inboxes", tags=["inbox view"])

InboxId = Annotated[str, Path(min_length=1, max_length=64)]


@router.get("/{inbox_id}/cases", response_model=CasePage)
async def list_inbox_cases(
    inbox_id: InboxId,
    ctx: Context,
    caller: CurrentUser,
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
    page_size: Annotated[int, Query(ge=1, le=200)] = 50,
) -> CasePage:
    """The cases of an inbox: urgent first, then prioritised, then the rest, oldest arrival first."""
    _, rows, total = await service.list_inbox_cases(
        inboxes=ctx.inboxes,
        users=ctx.users,
        view=ctx.view,
        caller=caller,
        inbox_id=inbox_id,
        page=page,
        page_size=page_size,
    )
    items = [
        CaseRow(
            case_id=row["_id"],
            officer=officer_label(row.get("officer_name")),
            **{k: v for k, v in row.items() if k in CaseRow.model_fields and k != "case_id"},
            **row.get("flags", {}),
        )
        for row in rows
    ]
    return CasePage(inbox_id=inbox_id, items=items, total=total, page=page, page_size=page_size)
