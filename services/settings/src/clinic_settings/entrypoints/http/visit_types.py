from uuid import UUID

from fastapi import APIRouter
from pydantic import Field

from clinic_contracts.events import VisitTypeChanged
from clinic_settings.entrypoints.http.common import RequestBody, Runtime, changes_in
from clinic_settings.service_layer import reading, visit_types

router = APIRouter(tags=["visit types"])


class NewVisitType(RequestBody):
    visit_type_id: UUID | None = None
    name: str = Field(max_length=200)
    duration_minutes: int = Field(examples=[45])
    active: bool = True


class VisitTypeChange(RequestBody):
    name: str | None = Field(default=None, max_length=200)
    duration_minutes: int | None = None
    active: bool | None = None


@router.post("/clinics/{clinic_id}/visit-types", status_code=201)
async def add_visit_type(clinic_id: UUID, body: NewVisitType, runtime: Runtime) -> VisitTypeChanged:
    return (await visit_types.add_visit_type(runtime, clinic_id, **dict(body))).as_event()


@router.get("/clinics/{clinic_id}/visit-types")
async def list_visit_types(clinic_id: UUID, runtime: Runtime) -> list[VisitTypeChanged]:
    return [visit_type.as_event() for visit_type in await reading.of_clinic(runtime, "visit_types", clinic_id)]


@router.get("/visit-types/{visit_type_id}")
async def get_visit_type(visit_type_id: UUID, runtime: Runtime) -> VisitTypeChanged:
    return (await reading.one(runtime, "visit_types", visit_type_id)).as_event()


@router.patch("/visit-types/{visit_type_id}")
async def change_visit_type(visit_type_id: UUID, body: VisitTypeChange, runtime: Runtime) -> VisitTypeChanged:
    return (await visit_types.change_visit_type(runtime, visit_type_id, **changes_in(body))).as_event()
