"""HTTP API of the system settings: one document, readable by everyone signed in, changed by admins."""

from fastapi import APIRouter, Response

from arendo_contracts.events.registers import SystemSettingsValues
from arendo_kit.auth import AdminUser, CurrentUser
from arendo_kit.versioning import IfMatchVersion, etag
from inbox_service import service
from inbox_service.api.deps import Context
from inbox_service.api.register_schemas import SettingsOut, SettingsUpdate

router = APIRouter(prefix="/api/inboxes/registers/settings", tags=["system settings"])


@router.get("", response_model=SettingsOut)
async def get_settings(ctx: Context, _: CurrentUser, response: Response) -> SettingsOut:
    """The settings; the defaults until an admin has changed one."""
    settings = await service.get_system_settings(settings=ctx.settings)
    response.headers["ETag"] = etag(settings.version)
    return SettingsOut.of(settings)


@router.put("", response_model=SettingsOut)
async def update_settings(
    body: SettingsUpdate, version: IfMatchVersion, ctx: Context, admin: AdminUser, response: Response
) -> SettingsOut:
    settings = await service.update_system_settings(
        settings=ctx.settings,
        events=ctx.events,
        caller=admin,
        expected_version=version,
        values=SystemSettingsValues(**body.model_dump()),
    )
    response.headers["ETag"] = etag(settings.version)
    return SettingsOut.of(settings)
