from datetime import date
from uuid import UUID

from pydantic import Field

from clinic_settings.domain.patient import Patient
from clinic_settings.entrypoints.http.common import RequestBody
from clinic_settings.entrypoints.http.entity_routes import entity_router


class NewPatient(RequestBody):
    patient_id: UUID | None = None
    name: str = Field(max_length=200)
    date_of_birth: date | None = None


class PatientChange(RequestBody):
    name: str | None = Field(default=None, max_length=200)
    date_of_birth: date | None = None
    active: bool | None = Field(default=None, description="false deactivates and discharges the patient's cases")


router = entity_router(Patient, "patients", new=NewPatient, change=PatientChange)
