from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Body
from pydantic import Field

from clinic_contracts.events import Authorization, CaseStatus, PatientCaseChanged
from clinic_settings.entrypoints.http.common import RequestBody, Runtime, Switch, changes_in
from clinic_settings.service_layer import patient_cases, reading

router = APIRouter(tags=["patient cases"])


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


@router.post("/clinics/{clinic_id}/patient-cases", status_code=201)
async def open_case(clinic_id: UUID, body: NewCase, runtime: Runtime) -> PatientCaseChanged:
    return (await patient_cases.open_case(runtime, clinic_id, **dict(body))).as_event()


@router.get("/clinics/{clinic_id}/patient-cases")
async def list_cases(clinic_id: UUID, runtime: Runtime, patient_id: UUID | None = None) -> list[PatientCaseChanged]:
    """All cases of the clinic, or of one patient with `?patient_id=`."""
    filters = {"patient_id": patient_id} if patient_id else {}
    return [case.as_event() for case in await reading.of_clinic(runtime, "patient_cases", clinic_id, **filters)]


@router.get("/patient-cases/{case_id}")
async def get_case(case_id: UUID, runtime: Runtime) -> PatientCaseChanged:
    return (await reading.one(runtime, "patient_cases", case_id)).as_event()


@router.patch("/patient-cases/{case_id}")
async def change_case(case_id: UUID, body: CaseChange, runtime: Runtime) -> PatientCaseChanged:
    return (await patient_cases.change_case(runtime, case_id, **changes_in(body))).as_event()


@router.put("/patient-cases/{case_id}/status")
async def set_case_status(case_id: UUID, body: CaseStatusChange, runtime: Runtime) -> PatientCaseChanged:
    """Discharge a case, or take it up again."""
    return (await patient_cases.change_case(runtime, case_id, status=body.status)).as_event()


@router.put("/patient-cases/{case_id}/appointment-requests")
async def allow_appointment_requests(case_id: UUID, body: Switch, runtime: Runtime) -> PatientCaseChanged:
    case = await patient_cases.change_case(runtime, case_id, allow_appointment_requests=body.enabled)
    return case.as_event()


@router.put("/patient-cases/{case_id}/requestable-visit-types")
async def set_requestable_visit_types(
    case_id: UUID, visit_type_ids: Annotated[tuple[UUID, ...], Body()], runtime: Runtime
) -> PatientCaseChanged:
    case = await patient_cases.change_case(runtime, case_id, requestable_visit_type_ids=visit_type_ids)
    return case.as_event()


@router.put("/patient-cases/{case_id}/authorization")
async def set_authorization(case_id: UUID, body: CaseAuthorization, runtime: Runtime) -> PatientCaseChanged:
    return (await patient_cases.change_case(runtime, case_id, authorization=body.authorization)).as_event()
