"""The settings service's HTTP API (internal: the gateway checks who may call what)."""

from uuid import UUID

from fastapi import APIRouter, Request
from pydantic import BaseModel, Field

from clinic_contracts.events import ClinicSettingsChanged, RequestPolicy
from servicekit.problems import Problem
from servicekit.runtime import ServiceRuntime

from clinic_settings.domain.errors import SettingsRuleBroken
from clinic_settings.service_layer import clinics

router = APIRouter(prefix="/clinics", tags=["clinics"])


class NewClinic(BaseModel):
    clinic_id: UUID | None = None
    name: str = Field(min_length=1, max_length=200)
    time_zone: str = Field(examples=["America/New_York"])


class ClinicChange(BaseModel):
    name: str | None = Field(default=None, min_length=1, max_length=200)
    time_zone: str | None = None
    request_policy: RequestPolicy | None = None


class FeatureSwitch(BaseModel):
    enabled: bool


def _runtime(request: Request) -> ServiceRuntime:
    return request.app.state.runtime


async def _answer(action) -> ClinicSettingsChanged:
    try:
        clinic = await action
    except SettingsRuleBroken as broken:
        status = 409 if broken.code.endswith("-exists") else 422
        raise Problem(status, broken.code, "The settings were not changed", broken.message) from broken
    except clinics.ClinicNotFound as missing:
        raise Problem(404, "clinic-not-found", "No such clinic", f"No clinic has id {missing}.") from missing
    return clinic.as_event()


@router.post("", status_code=201)
async def create_clinic(body: NewClinic, request: Request) -> ClinicSettingsChanged:
    return await _answer(
        clinics.create_clinic(_runtime(request), name=body.name, time_zone=body.time_zone, clinic_id=body.clinic_id)
    )


@router.get("/{clinic_id}")
async def get_clinic(clinic_id: UUID, request: Request) -> ClinicSettingsChanged:
    return await _answer(clinics.get_clinic(_runtime(request), clinic_id))


@router.patch("/{clinic_id}")
async def change_clinic(clinic_id: UUID, body: ClinicChange, request: Request) -> ClinicSettingsChanged:
    return await _answer(
        clinics.change_clinic(
            _runtime(request),
            clinic_id,
            name=body.name,
            time_zone=body.time_zone,
            request_policy=body.request_policy,
        )
    )


@router.put("/{clinic_id}/appointment-requests")
async def switch_appointment_requests(clinic_id: UUID, body: FeatureSwitch, request: Request) -> ClinicSettingsChanged:
    """Turn the feature on or off. Off blocks new requests; it deletes nothing."""
    return await _answer(
        clinics.change_clinic(_runtime(request), clinic_id, appointment_requests_enabled=body.enabled)
    )
