"""The case-service keeps version-guarded replicas of the inbox-service's registers and settings."""

from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from arendo_contracts.events.registers import (
    AreaChangedV1,
    AreaSnapshot,
    ConfidentialityParagraphChangedV1,
    ConfidentialityParagraphSnapshot,
    OrganisationChangedV1,
    OrganisationSnapshot,
    SettingsChangedV1,
    SystemSettingsSnapshot,
    SystemSettingsValues,
    TemplateChangedV1,
    TemplateSnapshot,
)
from arendo_contracts.templates import TemplatePurpose
from arendo_kit.replica import ModelReplica
from arendo_kit.testing.events import publish_event
from arendo_kit.testing.polling import eventually
from case_service.store import RegisterReplicas

pytestmark = pytest.mark.integration


@pytest.fixture
def registers(api: httpx.AsyncClient, app: FastAPI) -> RegisterReplicas:
    """The replicas of the running app (`api` runs it)."""
    replicas: RegisterReplicas = app.state.context.registers
    return replicas


async def replicated(replica: ModelReplica[Any], item_id: str, version: int) -> Any:
    async def probe() -> Any:
        found = await replica.get(item_id)
        return found if found is not None and found.version == version else None

    return await eventually(probe, what=f"{item_id} at version {version}")


async def test_areas_are_replicated_and_an_older_version_never_wins(
    registers: RegisterReplicas, rabbitmq_url: str
) -> None:
    newer = AreaSnapshot(area_id="centrum", name="Centrum Öst", active=False, version=2)
    older = AreaSnapshot(area_id="centrum", name="Centrum", version=1)
    await publish_event(rabbitmq_url, AreaChangedV1(area=newer), source="inbox-service")
    assert await replicated(registers.areas, "centrum", 2) == newer
    await publish_event(rabbitmq_url, AreaChangedV1(area=older), source="inbox-service")
    # A later register event on the same queue shows the stale one was handled (and ignored).
    marker = AreaSnapshot(area_id="marker", name="Markör", version=1)
    await publish_event(rabbitmq_url, AreaChangedV1(area=marker), source="inbox-service")
    await replicated(registers.areas, "marker", 1)
    assert await registers.areas.get("centrum") == newer


async def test_every_register_kind_and_the_settings_are_kept(registers: RegisterReplicas, rabbitmq_url: str) -> None:
    assert await registers.system_settings() == SystemSettingsValues()  # the defaults before any change
    organisation = OrganisationSnapshot(
        organisation_id="sbf", name="Stadsbyggnadsförvaltningen", parent_id="ks", version=3
    )
    paragraph = ConfidentialityParagraphSnapshot(
        paragraph_id="osl-26-1", code="OSL 26 kap. 1 §", title="Socialtjänstsekretess", version=1
    )
    template = TemplateSnapshot(
        template_id="t-1",
        inbox_id="kundtjanst",
        name="Svar",
        purpose=TemplatePurpose.REPLY,
        subject="Ärende {{case_number}}",
        body="Hej {{customer_name}}",
        version=2,
    )
    settings = SystemSettingsSnapshot(auto_reopen_days=10, event_date_visible=True, version=2)
    for message in (
        OrganisationChangedV1(organisation=organisation),
        ConfidentialityParagraphChangedV1(paragraph=paragraph),
        TemplateChangedV1(template=template),
        SettingsChangedV1(settings=settings),
    ):
        await publish_event(rabbitmq_url, message, source="inbox-service")

    assert await replicated(registers.organisations, "sbf", 3) == organisation
    assert await replicated(registers.paragraphs, "osl-26-1", 1) == paragraph
    assert await replicated(registers.templates, "t-1", 2) == template
    assert await replicated(registers.settings, "system", 2) == settings
    in_force = await registers.system_settings()
    assert (in_force.auto_reopen_days, in_force.event_date_visible, in_force.referral_answer_days) == (10, True, 14)
