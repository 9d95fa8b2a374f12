"""Patients: a name and a date of birth to tell namesakes apart. Deactivating one discharges their
active cases in the same change, so nothing more can be requested for them; nothing is deleted."""

from datetime import date
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Body, Response

from clinic_contracts.events import PatientChanged
from clinic_gateway.identity import Admin, ServicesDep
from clinic_gateway.problems import problems
from clinic_gateway.routes.admin.common import (
    ADMIN_PROBLEMS,
    AdminBody,
    change_in_own_clinic,
    create_in_own_clinic,
    examples,
    refused,
)

router = APIRouter()

PATIENT_REFUSED = (
    refused("name-required", "The patient's name must not be blank."),
    refused("date-of-birth-out-of-range", "A date of birth is between 1900-01-01 and today, not 2031-04-02."),
)


class NewPatient(AdminBody):
    name: str
    date_of_birth: date | None = None


class PatientChange(AdminBody):
    """Only the fields given change."""

    name: str | None = None
    date_of_birth: date | None = None
    active: bool | None = None


NEW_PATIENT = examples("A child", {"name": "Mia Hart", "date_of_birth": "2019-05-14"})
PATIENT_CHANGES = {
    "correct": {"summary": "A corrected date of birth", "value": {"date_of_birth": "2019-05-15"}},
    "deactivate": {"summary": "Deactivate (discharges their active cases)", "value": {"active": False}},
}


@router.post(
    "/patients", status_code=201, response_model=PatientChanged, responses=problems(*ADMIN_PROBLEMS, *PATIENT_REFUSED)
)
async def add_patient(
    body: Annotated[NewPatient, Body(openapi_examples=NEW_PATIENT)], admin: Admin, gateway: ServicesDep
) -> Response:
    return await create_in_own_clinic(gateway, admin, "patients", "patient_id", body)


@router.patch(
    "/patients/{patient_id}", response_model=PatientChanged, responses=problems(*ADMIN_PROBLEMS, *PATIENT_REFUSED)
)
async def change_patient(
    patient_id: UUID,
    body: Annotated[PatientChange, Body(openapi_examples=PATIENT_CHANGES)],
    admin: Admin,
    gateway: ServicesDep,
) -> Response:
    """Name, date of birth, or deactivate (their active cases are discharged) / reactivate (their
    cases stay discharged until taken up again one by one)."""
    return await change_in_own_clinic(gateway, admin, "patients", patient_id, "PATCH", "", body)
