"""Patient, Practitioner and Location: read by id, for a caller who may see them (else 404, as
for an id that does not exist). Portal users: their linked patients, the therapists and locations
of those patients' cases, and the locations the portal lists (those taking requests). Schedulers:
the patients, therapists and locations of their scope."""

from uuid import UUID

from fastapi import APIRouter

from clinic_contracts.events import LocationChanged, PatientChanged, TherapistChanged
from clinic_gateway.identity import not_found
from clinic_gateway.routes.fhir.caller import Caller, FhirCaller
from clinic_gateway.routes.fhir.outcomes import FhirResponse

router = APIRouter()


def patient_resource(patient: PatientChanged) -> dict:
    resource = {
        "resourceType": "Patient",
        "id": str(patient.patient_id),
        "active": patient.active,
        "name": [{"text": patient.name}],
    }
    return resource | ({"birthDate": str(patient.date_of_birth)} if patient.date_of_birth else {})


def practitioner_resource(therapist: TherapistChanged) -> dict:
    return {
        "resourceType": "Practitioner",
        "id": str(therapist.therapist_id),
        "active": therapist.active,
        "name": [{"text": therapist.name}],
    }


def location_resource(location: LocationChanged) -> dict:
    resource = {
        "resourceType": "Location",
        "id": str(location.location_id),
        "status": "active" if location.active else "inactive",
        "name": location.name,
        "mode": "instance",
    }
    return resource | ({"address": {"text": location.address}} if location.address else {})


async def may_see_therapist(caller: FhirCaller, therapist_id: UUID) -> bool:
    if caller.portal_user:
        return any(case.primary_therapist_id == therapist_id for case in await caller.own_cases())
    scope, _ = await caller.scope()
    return scope.sees_therapist(therapist_id)


async def may_see_location(caller: FhirCaller, location: LocationChanged) -> bool:
    if caller.portal_user:
        if location.clinic_id != caller.clinic_id:
            return False
        if location.allow_appointment_requests:  # listed by the portal (GET /api/portal/locations)
            return True
        return any(case.location_id == location.location_id for case in await caller.own_cases())
    scope, _ = await caller.scope()
    return scope.sees_location(location.location_id)


async def _read(caller: FhirCaller, path: str, what: str) -> dict:
    response = await caller.gateway.settings.get(path)
    if response.status_code != 200:
        raise not_found(what)
    return response.json()


@router.get("/Patient/{patient_id}", response_class=FhirResponse)
async def read_patient(patient_id: str, caller: Caller) -> FhirResponse:
    return FhirResponse(patient_resource(await caller.patient(_uuid(patient_id, "patient"))))


@router.get("/Practitioner/{practitioner_id}", response_class=FhirResponse)
async def read_practitioner(practitioner_id: str, caller: Caller) -> FhirResponse:
    therapist_id = _uuid(practitioner_id, "practitioner")
    if not await may_see_therapist(caller, therapist_id):
        raise not_found("practitioner")
    therapist = TherapistChanged.model_validate(await _read(caller, f"/therapists/{therapist_id}", "practitioner"))
    return FhirResponse(practitioner_resource(therapist))


@router.get("/Location/{location_id}", response_class=FhirResponse)
async def read_location(location_id: str, caller: Caller) -> FhirResponse:
    location_uuid = _uuid(location_id, "location")
    location = LocationChanged.model_validate(await _read(caller, f"/locations/{location_uuid}", "location"))
    if not await may_see_location(caller, location):
        raise not_found("location")
    return FhirResponse(location_resource(location))


def _uuid(value: str, what: str) -> UUID:
    """An id the facade never gave out is simply not found (FHIR ids are strings)."""
    try:
        return UUID(value)
    except ValueError:
        raise not_found(what) from None
