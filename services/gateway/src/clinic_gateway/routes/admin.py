"""The admin API: the Admin permission, and only the admin's own clinic."""

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Body, Response
from pydantic import BaseModel

from clinic_contracts.events import CaseStatus, Closure, OpeningInterval, RequestPolicy, StaffPermission

from clinic_gateway.identity import Admin, ServicesDep, not_found
from clinic_gateway.services import PassedOn, relay

router = APIRouter(prefix="/api/admin", tags=["admin"])


class Switch(BaseModel):
    enabled: bool


class StaffLocations(BaseModel):
    all_locations: bool = False
    location_ids: tuple[UUID, ...] = ()


class PortalUserActive(BaseModel):
    active: bool


async def change_in_own_clinic(
    gateway: ServicesDep, admin: Admin, collection: str, entity_id: UUID, method: str, aspect: str, body
) -> Response:
    """Apply a change to an entity of the admin's clinic; another clinic's entity is a 404."""
    entity = await gateway.settings.get(f"/{collection}/{entity_id}")
    if entity.status_code == 200 and entity.json()["clinic_id"] != str(admin.clinic_id):
        raise not_found(collection)
    if entity.status_code != 200:
        raise PassedOn(entity)
    json = body.model_dump(mode="json") if isinstance(body, BaseModel) else body
    path = f"/{collection}/{entity_id}" + (f"/{aspect}" if aspect else "")
    return relay(await gateway.settings.send(method, path, json=json))


def _dump(items) -> list:
    return [item.model_dump(mode="json") if isinstance(item, BaseModel) else str(item) for item in items]


@router.get("/clinic")
async def clinic(admin: Admin, gateway: ServicesDep) -> Response:
    return relay(await gateway.settings.get(f"/clinics/{admin.clinic_id}"))


@router.put("/clinic/appointment-requests")
async def turn_appointment_requests(body: Switch, admin: Admin, gateway: ServicesDep) -> Response:
    """Turn appointment requests on or off for the clinic. Off blocks new requests; pending ones stay reviewable."""
    path = f"/clinics/{admin.clinic_id}/appointment-requests"
    return relay(await gateway.settings.send("PUT", path, json=body.model_dump()))


@router.put("/clinic/request-policy")
async def set_request_policy(policy: RequestPolicy, admin: Admin, gateway: ServicesDep) -> Response:
    body = {"request_policy": policy.model_dump(mode="json")}
    return relay(await gateway.settings.send("PATCH", f"/clinics/{admin.clinic_id}", json=body))


@router.get("/{collection}", include_in_schema=True)
async def list_entities(collection: str, admin: Admin, gateway: ServicesDep, patient_id: UUID | None = None) -> Response:
    """Locations, visit-types, therapists, patients, patient-cases, portal-users or staff-users of the clinic."""
    if collection not in LISTABLE:
        raise not_found(collection)
    params = {"patient_id": str(patient_id)} if patient_id and collection == "patient-cases" else None
    return relay(await gateway.settings.get(f"/clinics/{admin.clinic_id}/{collection}", params=params))


LISTABLE = {"locations", "visit-types", "therapists", "patients", "patient-cases", "portal-users", "staff-users"}


@router.put("/locations/{location_id}/appointment-requests")
async def allow_location_requests(location_id: UUID, body: Switch, admin: Admin, gateway: ServicesDep) -> Response:
    return await change_in_own_clinic(gateway, admin, "locations", location_id, "PUT", "appointment-requests", body)


@router.put("/locations/{location_id}/operating-hours")
async def set_operating_hours(
    location_id: UUID, hours: Annotated[list[OpeningInterval], Body()], admin: Admin, gateway: ServicesDep
) -> Response:
    return await change_in_own_clinic(gateway, admin, "locations", location_id, "PUT", "operating-hours", _dump(hours))


@router.put("/locations/{location_id}/closures")
async def set_closures(
    location_id: UUID, closures: Annotated[list[Closure], Body()], admin: Admin, gateway: ServicesDep
) -> Response:
    return await change_in_own_clinic(gateway, admin, "locations", location_id, "PUT", "closures", _dump(closures))


@router.put("/patient-cases/{case_id}/appointment-requests")
async def allow_case_requests(case_id: UUID, body: Switch, admin: Admin, gateway: ServicesDep) -> Response:
    return await change_in_own_clinic(gateway, admin, "patient-cases", case_id, "PUT", "appointment-requests", body)


@router.put("/patient-cases/{case_id}/requestable-visit-types")
async def set_requestable_visit_types(
    case_id: UUID, visit_type_ids: Annotated[list[UUID], Body()], admin: Admin, gateway: ServicesDep
) -> Response:
    return await change_in_own_clinic(
        gateway, admin, "patient-cases", case_id, "PUT", "requestable-visit-types", _dump(visit_type_ids)
    )


@router.put("/patient-cases/{case_id}/status")
async def set_case_status(
    case_id: UUID, status: Annotated[CaseStatus, Body(embed=True)], admin: Admin, gateway: ServicesDep
) -> Response:
    return await change_in_own_clinic(gateway, admin, "patient-cases", case_id, "PUT", "status", {"status": status})


@router.put("/staff-users/{staff_user_id}/permissions")
async def set_staff_permissions(
    staff_user_id: UUID, permissions: Annotated[list[StaffPermission], Body()], admin: Admin, gateway: ServicesDep
) -> Response:
    return await change_in_own_clinic(
        gateway, admin, "staff-users", staff_user_id, "PUT", "permissions", [p.value for p in permissions]
    )


@router.put("/staff-users/{staff_user_id}/locations")
async def set_staff_locations(
    staff_user_id: UUID, body: StaffLocations, admin: Admin, gateway: ServicesDep
) -> Response:
    return await change_in_own_clinic(gateway, admin, "staff-users", staff_user_id, "PUT", "locations", body)


@router.put("/portal-users/{portal_user_id}/patients")
async def link_portal_user(
    portal_user_id: UUID, patient_ids: Annotated[list[UUID], Body()], admin: Admin, gateway: ServicesDep
) -> Response:
    """Link a portal user to exactly these patients (unlinking the others)."""
    return await change_in_own_clinic(
        gateway, admin, "portal-users", portal_user_id, "PUT", "patients", _dump(patient_ids)
    )


@router.put("/portal-users/{portal_user_id}/active")
async def activate_portal_user(
    portal_user_id: UUID, body: PortalUserActive, admin: Admin, gateway: ServicesDep
) -> Response:
    return await change_in_own_clinic(gateway, admin, "portal-users", portal_user_id, "PATCH", "", body)
