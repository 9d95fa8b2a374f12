from typing import Annotated
from uuid import UUID

from fastapi import Body
from pydantic import Field

from clinic_contracts.events import Authorization, CaseStatus, PatientCaseChanged
from clinic_settings.domain.patient_case import PatientCase
from clinic_settings.entrypoints.http.common import RequestBody, Switch
from clinic_settings.entrypoints.http.entity_routes import UnitOfWork, entity_router
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


router = entity_router(PatientCase, "patient-cases", new=NewCase, change=CaseChange, listed=False)


@router.get("/clinics/{clinic_id}/patient-cases")
async def list_cases(clinic_id: UUID, uow: UnitOfWork, patient_id: UUID | None = None) -> list[PatientCaseChanged]:
    """All cases of the clinic, or of one patient with `?patient_id=`."""
    filters = {"patient_id": patient_id} if patient_id else {}
    return [case.as_event() for case in await entities.of_clinic(uow, PatientCase, clinic_id, **filters)]


@router.put("/patient-cases/{case_id}/status")
async def set_case_status(case_id: UUID, body: CaseStatusChange, uow: UnitOfWork) -> PatientCaseChanged:
    """Discharge a case, or take it up again."""
    return (await entities.change(uow, PatientCase, case_id, status=body.status)).as_event()


@router.put("/patient-cases/{case_id}/appointment-requests")
async def allow_appointment_requests(case_id: UUID, body: Switch, uow: UnitOfWork) -> PatientCaseChanged:
    return (await entities.change(uow, PatientCase, case_id, allow_appointment_requests=body.enabled)).as_event()


@router.put("/patient-cases/{case_id}/requestable-visit-types")
async def set_requestable_visit_types(
    case_id: UUID, visit_type_ids: Annotated[tuple[UUID, ...], Body()], uow: UnitOfWork
) -> PatientCaseChanged:
    return (await entities.change(uow, PatientCase, case_id, requestable_visit_type_ids=visit_type_ids)).as_event()


@router.put("/patient-cases/{case_id}/authorization")
async def set_authorization(case_id: UUID, body: CaseAuthorization, uow: UnitOfWork) -> PatientCaseChanged:
    return (await entities.change(uow, PatientCase, case_id, authorization=body.authorization)).as_event()
