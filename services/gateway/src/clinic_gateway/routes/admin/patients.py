"""Patients: a name and a date of birth to tell namesakes apart. Deactivating one discharges their
active cases in the same change, so nothing more can be requested for them; nothing is deleted."""

from datetime import date

from fastapi import APIRouter

from clinic_contracts.events import PatientChanged
from clinic_gateway.routes.admin.common import AdminBody, examples, refused
from clinic_gateway.routes.admin.pass_through import Change, Creation, Entity, add_routes

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


add_routes(
    router,
    Entity("patients", "patient_id", PatientChanged),
    Creation("add_patient", NewPatient, NEW_PATIENT, PATIENT_REFUSED),
    Change(
        "change_patient",
        "PATCH",
        "",
        PatientChange,
        PATIENT_CHANGES,
        PATIENT_REFUSED,
        doc="Name, date of birth, or deactivate (their active cases are discharged) / reactivate (their cases"
        " stay discharged until taken up again one by one).",
    ),
)
