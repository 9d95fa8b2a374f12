"""The audit trail for admins: who changed which settings of their clinic, when, and what."""

import asyncio
from datetime import datetime
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field

from clinic_gateway.identity import Admin, ServicesDep
from clinic_gateway.problems import NEEDS_ADMIN, NOT_FOUND, SIGNED_IN, STAFF_ONLY, problems

router = APIRouter(prefix="/api/admin", tags=["admin"], responses=problems(*SIGNED_IN, STAFF_ONLY, NEEDS_ADMIN, NOT_FOUND))


class SettingsChange(BaseModel):
    change_id: int
    entity_kind: str = Field(examples=["location"])
    entity_id: UUID
    revision: int
    actor: str = Field(description='"staff:<id>", "portal:<id>" or "system:<name>"', examples=["system:operator"])
    actor_name: str | None = Field(description="The staff user's name, when a staff user made it")
    changed_at: datetime
    changes: dict[str, dict] = Field(
        description='Each field that differed, `{"from": old, "to": new}`; a creation lists every field',
        examples=[{"name": {"from": "Downtown", "to": "Harbour Street"}}],
    )


@router.get("/changes", response_model=list[SettingsChange])
async def settings_changes(
    admin: Admin,
    gateway: ServicesDep,
    entity_id: UUID | None = None,
    before: Annotated[int | None, Query(ge=1, le=2**62, description="page back from this change_id")] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
) -> list[dict]:
    """Changes to the clinic's settings, newest first; of one entity with `entity_id`."""
    params = {"limit": limit} | ({"entity_id": str(entity_id)} if entity_id else {}) | ({"before": before} if before else {})
    changes, staff = await asyncio.gather(
        gateway.settings.get_json(f"/clinics/{admin.clinic_id}/changes", params=params),
        gateway.settings.get_json(f"/clinics/{admin.clinic_id}/staff-users"),
    )
    names = {f"staff:{user['staff_user_id']}": user["name"] for user in staff}
    return [change | {"actor_name": names.get(change["actor"])} for change in changes]
