"""Reading the clinic's settings: every entity of one kind, or one of them.

Registered after every other admin route, so `/clinic` and the like are not taken for a kind.
"""

from uuid import UUID

from fastapi import APIRouter

from clinic_contracts.events import (
    LocationChanged,
    PatientCaseChanged,
    PatientChanged,
    PortalUserChanged,
    StaffUserChanged,
    TherapistChanged,
    VisitTypeChanged,
)
from clinic_gateway.identity import Admin, ServicesDep, not_found
from clinic_gateway.routes.admin.common import in_own_clinic

router = APIRouter()

LISTABLE = {
    "locations": LocationChanged,
    "visit-types": VisitTypeChanged,
    "therapists": TherapistChanged,
    "patients": PatientChanged,
    "patient-cases": PatientCaseChanged,
    "portal-users": PortalUserChanged,
    "staff-users": StaffUserChanged,
}
Listed = (
    LocationChanged
    | VisitTypeChanged
    | TherapistChanged
    | PatientChanged
    | PatientCaseChanged
    | PortalUserChanged
    | StaffUserChanged
)


@router.get("/{collection}", response_model=list[Listed])
async def list_entities(collection: str, admin: Admin, gateway: ServicesDep, patient_id: UUID | None = None) -> list:
    """The clinic's `locations`, `visit-types`, `therapists`, `patients`, `patient-cases` (of one
    patient with `patient_id`), `portal-users` or `staff-users`, deactivated ones included."""
    if collection not in LISTABLE:
        raise not_found(collection)
    params = {"patient_id": str(patient_id)} if patient_id and collection == "patient-cases" else None
    path = f"/clinics/{admin.clinic_id}/{collection}"
    return await gateway.settings.read(list[LISTABLE[collection]], path, params=params)


@router.get("/{collection}/{entity_id}", response_model=Listed)
async def get_entity(collection: str, entity_id: UUID, admin: Admin, gateway: ServicesDep) -> dict:
    """One location, visit type, therapist, patient, patient case, portal user or staff user of
    the clinic (where a `POST` answers its `Location`)."""
    if collection not in LISTABLE:
        raise not_found(collection)
    return await in_own_clinic(gateway, admin, collection, entity_id)
