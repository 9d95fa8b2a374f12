from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Body
from pydantic import Field

from clinic_contracts.events import TherapistChanged
from clinic_settings.entrypoints.http.common import RequestBody, Runtime, changes_in
from clinic_settings.service_layer import reading, therapists

router = APIRouter(tags=["therapists"])


class NewTherapist(RequestBody):
    therapist_id: UUID | None = None
    name: str = Field(max_length=200)
    location_ids: tuple[UUID, ...] = ()


class TherapistChange(RequestBody):
    name: str | None = Field(default=None, max_length=200)
    active: bool | None = None


@router.post("/clinics/{clinic_id}/therapists", status_code=201)
async def add_therapist(clinic_id: UUID, body: NewTherapist, runtime: Runtime) -> TherapistChanged:
    return (await therapists.add_therapist(runtime, clinic_id, **dict(body))).as_event()


@router.get("/clinics/{clinic_id}/therapists")
async def list_therapists(clinic_id: UUID, runtime: Runtime) -> list[TherapistChanged]:
    return [therapist.as_event() for therapist in await reading.of_clinic(runtime, "therapists", clinic_id)]


@router.get("/therapists/{therapist_id}")
async def get_therapist(therapist_id: UUID, runtime: Runtime) -> TherapistChanged:
    return (await reading.one(runtime, "therapists", therapist_id)).as_event()


@router.patch("/therapists/{therapist_id}")
async def change_therapist(therapist_id: UUID, body: TherapistChange, runtime: Runtime) -> TherapistChanged:
    return (await therapists.change_therapist(runtime, therapist_id, **changes_in(body))).as_event()


@router.put("/therapists/{therapist_id}/locations")
async def set_therapist_locations(
    therapist_id: UUID, location_ids: Annotated[tuple[UUID, ...], Body()], runtime: Runtime
) -> TherapistChanged:
    return (await therapists.change_therapist(runtime, therapist_id, location_ids=location_ids)).as_event()
