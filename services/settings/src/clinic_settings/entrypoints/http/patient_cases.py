from uuid import UUID

from pydantic import Field

from clinic_contracts.events import Authorization, CaseStatus, PatientCaseChanged
from clinic_settings.domain.patient_case import PatientCase
from clinic_settings.entrypoints.http.common import RequestBody, Switch
from clinic_settings.entrypoints.http.entity_routes import Part, entity_router
from clinic_settings.entrypoints.http.transactions import UnitOfWork
from clinic_settings.service_layer import entities


class NewCase(RequestBody):
    case_id: UUID | None = None
    patient_id: UUID
    title: str = Field(max_length=200)
    primary_therapist_id: UUID
    location_id: UUID
    allow_appointment_requests: bool = False
    requestable_visit_type_ids: tuple[UUID, ...] = ()
    authorization: Authorization | None = None


class CaseAuthorization(RequestBody):
    """The insurer's authorization of visits; null stops tracking one."""

    authorization: Authorization | None


class CaseChange(RequestBody):
    title: str | None = Field(default=None, max_length=200)
    primary_therapist_id: UUID | None = None
    location_id: UUID | None = None


class CaseStatusChange(RequestBody):
    status: CaseStatus


PARTS = (
    Part("status", CaseStatusChange, "status", "Discharge a case, or take it up again."),
    Part("appointment-requests", Switch, "allow_appointment_requests"),
    Part("requestable-visit-types", tuple[UUID, ...], "requestable_visit_type_ids"),
    Part("authorization", CaseAuthorization, "authorization"),
)
router = entity_router(PatientCase, "patient-cases", new=NewCase, change=CaseChange, listed=False, parts=PARTS)


@router.get("/clinics/{clinic_id}/patient-cases")
async def list_cases(clinic_id: UUID, uow: UnitOfWork, patient_id: UUID | None = None) -> list[PatientCaseChanged]:
    """All cases of the clinic, or of one patient with `?patient_id=`."""
    filters = {"patient_id": patient_id} if patient_id else {}
    return [case.as_event() for case in await entities.of_clinic(uow, PatientCase, clinic_id, **filters)]
