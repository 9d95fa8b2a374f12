"""The audit trail for admins: who changed which settings of their clinic, when, and what; and
who changed a therapist's working hours or time off (kept by availability, which owns them)."""

import asyncio
from datetime import datetime
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field

from clinic_gateway.identity import Admin, ServicesDep
from clinic_gateway.problems import NEEDS_ADMIN, NOT_FOUND, SIGNED_IN, STAFF_ONLY, problems
from clinic_gateway.routes.admin.common import in_own_clinic
from servicekit.paging import ChangeCursor

router = APIRouter(
    prefix="/api/admin", tags=["admin"], responses=problems(*SIGNED_IN, STAFF_ONLY, NEEDS_ADMIN, NOT_FOUND)
)


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
    before: ChangeCursor = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
) -> list[dict]:
    """Changes to the clinic's settings, newest first; of one entity with `entity_id`."""
    params = (
        {"limit": limit} | ({"entity_id": str(entity_id)} if entity_id else {}) | ({"before": before} if before else {})
    )
    changes, names = await asyncio.gather(
        gateway.settings.get_json(f"/clinics/{admin.clinic_id}/changes", params=params), _staff_names(gateway, admin)
    )
    return [change | {"actor_name": names.get(change["actor"])} for change in changes]


class ScheduleChange(BaseModel):
    change_id: int
    therapist_id: UUID
    kind: str = Field(description='"working-hours" (at `location_id`) or "time-off" (at every location)')
    location_id: UUID | None
    actor: str = Field(examples=["staff:6ce40a60-a348-4ba4-95ba-4163ec3097d9"])
    actor_name: str | None = Field(description="The staff user's name, when a staff user made it")
    changed_at: datetime
    changes: dict[str, dict] = Field(
        description='Each part that differed, `{"from": old, "to": new}`',
        examples=[
            {
                "time_off": {
                    "from": [],
                    "to": [{"start": "2027-08-02T00:00:00+00:00", "end": "2027-08-09T00:00:00+00:00"}],
                }
            }
        ],
    )


@router.get("/therapists/{therapist_id}/schedule-changes", response_model=list[ScheduleChange])
async def schedule_changes(
    therapist_id: UUID, admin: Admin, gateway: ServicesDep, limit: Annotated[int, Query(ge=1, le=500)] = 50
) -> list[dict]:
    """Changes to the therapist's working hours and time off, newest first."""
    await in_own_clinic(gateway, admin, "therapists", therapist_id)
    changes, names = await asyncio.gather(
        gateway.availability.get_json(f"/therapists/{therapist_id}/schedule-changes", params={"limit": limit}),
        _staff_names(gateway, admin),
    )
    return [change | {"actor_name": names.get(change["actor"])} for change in changes]


async def _staff_names(gateway: ServicesDep, admin: Admin) -> dict[str, str]:
    """Actor reference → name, for the clinic's staff users."""
    staff = await gateway.settings.get_json(f"/clinics/{admin.clinic_id}/staff-users")
    return {f"staff:{user['staff_user_id']}": user["name"] for user in staff}
