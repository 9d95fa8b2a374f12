from datetime import date
from uuid import UUID

from fastapi import APIRouter
from pydantic import Field

from clinic_contracts.events import PatientChanged
from clinic_settings.entrypoints.http.common import RequestBody, Runtime, changes_in
from clinic_settings.service_layer import patients, reading

router = APIRouter(tags=["patients"])


class NewPatient(RequestBody):
    patient_id: UUID | None = None
    name: str = Field(max_length=200)
    date_of_birth: date | None = None


class PatientChange(RequestBody):
    name: str | None = Field(default=None, max_length=200)
    date_of_birth: date | None = None
    active: bool | None = Field(default=None, description="false deactivates and discharges the patient's cases")


@router.post("/clinics/{clinic_id}/patients", status_code=201)
async def add_patient(clinic_id: UUID, body: NewPatient, runtime: Runtime) -> PatientChanged:
    return (await patients.add_patient(runtime, clinic_id, **dict(body))).as_event()


@router.get("/clinics/{clinic_id}/patients")
async def list_patients(clinic_id: UUID, runtime: Runtime) -> list[PatientChanged]:
    return [patient.as_event() for patient in await reading.of_clinic(runtime, "patients", clinic_id)]


@router.get("/patients/{patient_id}")
async def get_patient(patient_id: UUID, runtime: Runtime) -> PatientChanged:
    return (await reading.one(runtime, "patients", patient_id)).as_event()


@router.patch("/patients/{patient_id}")
async def change_patient(patient_id: UUID, body: PatientChange, runtime: Runtime) -> PatientChanged:
    return (await patients.change_patient(runtime, patient_id, **changes_in(body))).as_event()
