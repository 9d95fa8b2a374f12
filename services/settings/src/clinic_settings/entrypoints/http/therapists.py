from typing import Annotated
from uuid import UUID

from fastapi import Body
from pydantic import Field

from clinic_contracts.events import TherapistChanged
from clinic_settings.domain.therapist import Therapist
from clinic_settings.entrypoints.http.common import RequestBody
from clinic_settings.entrypoints.http.entity_routes import UnitOfWork, entity_router
from clinic_settings.service_layer import entities


class NewTherapist(RequestBody):
    therapist_id: UUID | None = None
    name: str = Field(max_length=200)
    location_ids: tuple[UUID, ...] = ()


class TherapistChange(RequestBody):
    name: str | None = Field(default=None, max_length=200)
    active: bool | None = None


router = entity_router(Therapist, "therapists", new=NewTherapist, change=TherapistChange)


@router.put("/therapists/{therapist_id}/locations")
async def set_therapist_locations(
    therapist_id: UUID, location_ids: Annotated[tuple[UUID, ...], Body()], uow: UnitOfWork
) -> TherapistChanged:
    """Leaving a location waits until their active cases there moved."""
    return (await entities.change(uow, Therapist, therapist_id, location_ids=location_ids)).as_event()
