from uuid import UUID

from fastapi import APIRouter
from pydantic import Field

from clinic_contracts.events import ClinicSettingsChanged, RequestPolicy
from clinic_contracts.languages import LanguageTag
from clinic_settings.entrypoints.http.common import RequestBody, Runtime, Switch, changes_in
from clinic_settings.service_layer import clinics, reading

router = APIRouter(prefix="/clinics", tags=["clinics"])


class NewClinic(RequestBody):
    clinic_id: UUID | None = None
    name: str = Field(max_length=200)
    time_zone: str = Field(examples=["America/New_York"])


class ClinicChange(RequestBody):
    name: str | None = Field(default=None, max_length=200)
    time_zone: str | None = None
    request_policy: RequestPolicy | None = None
    language: LanguageTag | None = None


@router.post("", status_code=201)
async def create_clinic(body: NewClinic, runtime: Runtime) -> ClinicSettingsChanged:
    clinic = await clinics.create_clinic(runtime, name=body.name, time_zone=body.time_zone, clinic_id=body.clinic_id)
    return clinic.as_event()


@router.get("/{clinic_id}")
async def get_clinic(clinic_id: UUID, runtime: Runtime) -> ClinicSettingsChanged:
    return (await reading.one(runtime, "clinics", clinic_id)).as_event()


@router.patch("/{clinic_id}")
async def change_clinic(clinic_id: UUID, body: ClinicChange, runtime: Runtime) -> ClinicSettingsChanged:
    return (await clinics.change_clinic(runtime, clinic_id, **changes_in(body))).as_event()


@router.put("/{clinic_id}/appointment-requests")
async def switch_appointment_requests(clinic_id: UUID, body: Switch, runtime: Runtime) -> ClinicSettingsChanged:
    """Turn the feature on or off. Off blocks new requests; it deletes nothing."""
    clinic = await clinics.change_clinic(runtime, clinic_id, appointment_requests_enabled=body.enabled)
    return clinic.as_event()
