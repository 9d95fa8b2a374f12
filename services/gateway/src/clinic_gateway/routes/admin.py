"""The admin API: the Admin permission, and only the admin's own clinic."""

import asyncio
from datetime import date
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Body, Response
from pydantic import AwareDatetime, BaseModel, Field

from clinic_contracts.events import (
    CaseStatus,
    ClinicSettingsChanged,
    Closure,
    LocationChanged,
    OpeningInterval,
    PatientCaseChanged,
    PatientChanged,
    PortalUserChanged,
    RequestPolicy,
    StaffPermission,
    StaffUserChanged,
    TherapistChanged,
    VisitTypeChanged,
)

from clinic_gateway import demo_ids as demo
from clinic_gateway.documents import WorkingHours
from clinic_gateway.identity import Admin, ServicesDep, not_found
from clinic_gateway.problems import NEEDS_ADMIN, NOT_FOUND, SCHEDULE_REJECTED, SIGNED_IN, STAFF_ONLY, Example, problems
from clinic_gateway.services import PassedOn, relay

ADMIN_PROBLEMS = (*SIGNED_IN, STAFF_ONLY, NEEDS_ADMIN, NOT_FOUND)
SETTINGS_REFUSED = Example(
    422, "closure-ends-before-it-starts", "The settings were not changed", "A closure cannot end before it starts."
)
router = APIRouter(prefix="/api/admin", tags=["admin"], responses=problems(*ADMIN_PROBLEMS, SETTINGS_REFUSED))


class Switch(BaseModel):
    enabled: bool


class StaffLocations(BaseModel):
    all_locations: bool = False
    location_ids: tuple[UUID, ...] = ()


class CaseStatusChange(BaseModel):
    status: CaseStatus


class PortalUserActive(BaseModel):
    active: bool


class WorkingPeriod(BaseModel):
    """Weekly hours in the location's local time, from `effective_from` to `effective_to` (local
    dates, both included; none means until further notice)."""

    effective_from: date
    effective_to: date | None = None
    hours: list[OpeningInterval] = Field(max_length=200)


class Span(BaseModel):
    start: AwareDatetime
    end: AwareDatetime


class NewWorkingHours(BaseModel):
    periods: list[WorkingPeriod] = Field(max_length=50)
    extra_hours: list[Span] = Field(default=[], max_length=500, description="On top of the weekly hours")


def _examples(summary: str, value) -> dict:
    return {"example": {"summary": summary, "value": value}}


_WEEKDAYS_WITH_LUNCH = [
    {"weekday": day, "start": start, "end": end}
    for day in range(5)
    for start, end in (("08:00:00", "12:00:00"), ("13:00:00", "17:00:00"))
]
ON = _examples("On", {"enabled": True})
POLICY = _examples(
    "The default policy",
    {
        "minimum_notice_hours": 24,
        "booking_horizon_days": 60,
        "slot_interval_minutes": 15,
        "pending_request_holds_slot": True,
        "pending_request_expiry_hours": 72,
        "max_pending_requests_per_case": 3,
    },
)
HOURS = _examples("Weekdays 8 to 5, lunch from 12 to 1", _WEEKDAYS_WITH_LUNCH)
CLOSURES = _examples("Holidays", [{"first_day": "2026-12-24", "last_day": "2026-12-25", "reason": "Christmas"}])
VISIT_TYPE_IDS = _examples("Treatment and re-evaluation", [demo.TREATMENT, demo.RE_EVALUATION])
CASE_STATUS = _examples("Discharged", {"status": "discharged"})
PERMISSIONS = _examples("A scheduler", ["scheduling"])
STAFF_LOCATIONS = {
    "some": {"summary": "These locations", "value": {"all_locations": False, "location_ids": [demo.DOWNTOWN]}},
    "all": {"summary": "Every location", "value": {"all_locations": True, "location_ids": []}},
}
PATIENT_IDS = _examples("A caregiver of two", [demo.LILY, demo.OWEN])
ACTIVE = _examples("Deactivate", {"active": False})
WORKING_HOURS = _examples(
    "Weekdays 8 to 5 from December, and one Saturday morning",
    {
        "periods": [
            {
                "effective_from": "2026-12-01",
                "effective_to": None,
                "hours": [{"weekday": day, "start": "08:00:00", "end": "17:00:00"} for day in range(5)],
            }
        ],
        "extra_hours": [{"start": "2026-12-12T14:00:00Z", "end": "2026-12-12T17:00:00Z"}],
    },
)


async def in_own_clinic(gateway: ServicesDep, admin: Admin, collection: str, entity_id: UUID) -> dict:
    """An entity of the admin's clinic; another clinic's, or none, is a 404."""
    entity = await gateway.settings.get(f"/{collection}/{entity_id}")
    if entity.status_code == 404 or (entity.status_code == 200 and entity.json()["clinic_id"] != str(admin.clinic_id)):
        raise not_found(collection)
    if entity.status_code != 200:
        raise PassedOn(entity)
    return entity.json()


async def change_in_own_clinic(
    gateway: ServicesDep, admin: Admin, collection: str, entity_id: UUID, method: str, aspect: str, body
) -> Response:
    """Apply a change to an entity of the admin's clinic; another clinic's entity is a 404."""
    await in_own_clinic(gateway, admin, collection, entity_id)
    json = body.model_dump(mode="json") if isinstance(body, BaseModel) else body
    path = f"/{collection}/{entity_id}" + (f"/{aspect}" if aspect else "")
    return relay(await gateway.settings.send(method, path, json=json))


def _dump(items) -> list:
    return [item.model_dump(mode="json") if isinstance(item, BaseModel) else str(item) for item in items]


@router.get("/clinic", response_model=ClinicSettingsChanged)
async def clinic(admin: Admin, gateway: ServicesDep) -> Response:
    """The clinic's settings: whether it takes appointment requests, and its request policy."""
    return relay(await gateway.settings.get(f"/clinics/{admin.clinic_id}"))


@router.put("/clinic/appointment-requests", response_model=ClinicSettingsChanged)
async def turn_appointment_requests(
    body: Annotated[Switch, Body(openapi_examples=ON)], admin: Admin, gateway: ServicesDep
) -> Response:
    """Turn appointment requests on or off for the clinic. Off blocks new requests; pending ones stay reviewable."""
    path = f"/clinics/{admin.clinic_id}/appointment-requests"
    return relay(await gateway.settings.send("PUT", path, json=body.model_dump()))


@router.put("/clinic/request-policy", response_model=ClinicSettingsChanged)
async def set_request_policy(
    policy: Annotated[RequestPolicy, Body(openapi_examples=POLICY)], admin: Admin, gateway: ServicesDep
) -> Response:
    """Minimum notice, booking horizon, slot grid, whether a pending request holds its time, when
    it expires, and how many may wait per case."""
    body = {"request_policy": policy.model_dump(mode="json")}
    return relay(await gateway.settings.send("PATCH", f"/clinics/{admin.clinic_id}", json=body))


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
async def list_entities(
    collection: str, admin: Admin, gateway: ServicesDep, patient_id: UUID | None = None
) -> Response:
    """The clinic's `locations`, `visit-types`, `therapists`, `patients`, `patient-cases` (of one
    patient with `patient_id`), `portal-users` or `staff-users`."""
    if collection not in LISTABLE:
        raise not_found(collection)
    params = {"patient_id": str(patient_id)} if patient_id and collection == "patient-cases" else None
    return relay(await gateway.settings.get(f"/clinics/{admin.clinic_id}/{collection}", params=params))


@router.put("/locations/{location_id}/appointment-requests", response_model=LocationChanged)
async def allow_location_requests(
    location_id: UUID, body: Annotated[Switch, Body(openapi_examples=ON)], admin: Admin, gateway: ServicesDep
) -> Response:
    """Whether portal users may request appointments at this location."""
    return await change_in_own_clinic(gateway, admin, "locations", location_id, "PUT", "appointment-requests", body)


@router.put("/locations/{location_id}/operating-hours", response_model=LocationChanged)
async def set_operating_hours(
    location_id: UUID,
    hours: Annotated[list[OpeningInterval], Body(openapi_examples=HOURS)],
    admin: Admin,
    gateway: ServicesDep,
) -> Response:
    """The location's weekly opening hours in its local time (a lunch break is the gap between two)."""
    return await change_in_own_clinic(gateway, admin, "locations", location_id, "PUT", "operating-hours", _dump(hours))


@router.put("/locations/{location_id}/closures", response_model=LocationChanged)
async def set_closures(
    location_id: UUID,
    closures: Annotated[list[Closure], Body(openapi_examples=CLOSURES)],
    admin: Admin,
    gateway: ServicesDep,
) -> Response:
    """Whole local days the location is closed (replaces the list)."""
    return await change_in_own_clinic(gateway, admin, "locations", location_id, "PUT", "closures", _dump(closures))


@router.put("/patient-cases/{case_id}/appointment-requests", response_model=PatientCaseChanged)
async def allow_case_requests(
    case_id: UUID, body: Annotated[Switch, Body(openapi_examples=ON)], admin: Admin, gateway: ServicesDep
) -> Response:
    """Whether portal users may request appointments for this case."""
    return await change_in_own_clinic(gateway, admin, "patient-cases", case_id, "PUT", "appointment-requests", body)


@router.put("/patient-cases/{case_id}/requestable-visit-types", response_model=PatientCaseChanged)
async def set_requestable_visit_types(
    case_id: UUID,
    visit_type_ids: Annotated[list[UUID], Body(openapi_examples=VISIT_TYPE_IDS)],
    admin: Admin,
    gateway: ServicesDep,
) -> Response:
    """The visit types portal users may request for this case (active ones only)."""
    return await change_in_own_clinic(
        gateway, admin, "patient-cases", case_id, "PUT", "requestable-visit-types", _dump(visit_type_ids)
    )


@router.put("/patient-cases/{case_id}/status", response_model=PatientCaseChanged)
async def set_case_status(
    case_id: UUID,
    body: Annotated[CaseStatusChange, Body(openapi_examples=CASE_STATUS)],
    admin: Admin,
    gateway: ServicesDep,
) -> Response:
    """Discharge a case (it takes no more requests), or make it active again."""
    return await change_in_own_clinic(gateway, admin, "patient-cases", case_id, "PUT", "status", body)


@router.put("/staff-users/{staff_user_id}/permissions", response_model=StaffUserChanged)
async def set_staff_permissions(
    staff_user_id: UUID,
    permissions: Annotated[list[StaffPermission], Body(openapi_examples=PERMISSIONS)],
    admin: Admin,
    gateway: ServicesDep,
) -> Response:
    """`admin` configures the clinic; `scheduling` sees and decides requests. Takes effect at once."""
    return await change_in_own_clinic(
        gateway, admin, "staff-users", staff_user_id, "PUT", "permissions", [p.value for p in permissions]
    )


@router.put("/staff-users/{staff_user_id}/locations", response_model=StaffUserChanged)
async def set_staff_locations(
    staff_user_id: UUID,
    body: Annotated[StaffLocations, Body(openapi_examples=STAFF_LOCATIONS)],
    admin: Admin,
    gateway: ServicesDep,
) -> Response:
    """The locations whose patients a scheduler sees, or all of them."""
    return await change_in_own_clinic(gateway, admin, "staff-users", staff_user_id, "PUT", "locations", body)


@router.put("/portal-users/{portal_user_id}/patients", response_model=PortalUserChanged)
async def link_portal_user(
    portal_user_id: UUID,
    patient_ids: Annotated[list[UUID], Body(openapi_examples=PATIENT_IDS)],
    admin: Admin,
    gateway: ServicesDep,
) -> Response:
    """Link a portal user to exactly these patients (unlinking the others)."""
    return await change_in_own_clinic(
        gateway, admin, "portal-users", portal_user_id, "PUT", "patients", _dump(patient_ids)
    )


@router.put("/portal-users/{portal_user_id}/active", response_model=PortalUserChanged)
async def activate_portal_user(
    portal_user_id: UUID,
    body: Annotated[PortalUserActive, Body(openapi_examples=ACTIVE)],
    admin: Admin,
    gateway: ServicesDep,
) -> Response:
    """Deactivate (no sign-in, no new requests; the next call with their token is refused) or
    reactivate a portal user. Nothing is deleted."""
    return await change_in_own_clinic(gateway, admin, "portal-users", portal_user_id, "PATCH", "", body)


async def _therapist_at_work(gateway: ServicesDep, admin: Admin, therapist_id: UUID, location_id: UUID) -> str:
    await asyncio.gather(
        in_own_clinic(gateway, admin, "therapists", therapist_id),
        in_own_clinic(gateway, admin, "locations", location_id),
    )
    return f"/therapists/{therapist_id}/working-hours/{location_id}"


@router.get("/therapists/{therapist_id}/working-hours/{location_id}", response_model=WorkingHours)
async def working_hours(therapist_id: UUID, location_id: UUID, admin: Admin, gateway: ServicesDep) -> Response:
    """The therapist's schedule at the location: weekly hours by period, and extra hours."""
    return relay(await gateway.availability.get(await _therapist_at_work(gateway, admin, therapist_id, location_id)))


@router.put(
    "/therapists/{therapist_id}/working-hours/{location_id}",
    response_model=WorkingHours,
    responses=problems(*ADMIN_PROBLEMS, SCHEDULE_REJECTED),
)
async def set_working_hours(
    therapist_id: UUID,
    location_id: UUID,
    body: Annotated[NewWorkingHours, Body(openapi_examples=WORKING_HOURS)],
    admin: Admin,
    gateway: ServicesDep,
) -> Response:
    """Replace the therapist's whole schedule at the location. Requestable times are these hours
    within the location's, so a therapist without any has none."""
    path = await _therapist_at_work(gateway, admin, therapist_id, location_id)
    return relay(await gateway.availability.send("PUT", path, json=body.model_dump(mode="json")))
