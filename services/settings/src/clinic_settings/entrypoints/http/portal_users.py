from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Body, Query
from pydantic import BaseModel, Field

from clinic_contracts.events import (
    ClinicSettingsChanged,
    LocationChanged,
    PatientCaseChanged,
    PortalUserChanged,
    PortalUserRole,
    VisitTypeChanged,
)
from clinic_settings.domain.credentials import UserKind
from clinic_settings.entrypoints.http.common import (
    NewPassword,
    Passwords,
    RequestBody,
    Runtime,
    changes_in,
)
from clinic_settings.service_layer import portal_users, reading, users

router = APIRouter(tags=["portal users"])


class NewPortalUser(RequestBody):
    portal_user_id: UUID | None = None
    name: str = Field(max_length=200)
    email: str
    password: str
    role: PortalUserRole
    patient_ids: tuple[UUID, ...] = ()


class PortalUserChange(RequestBody):
    name: str | None = Field(default=None, max_length=200)
    email: str | None = None
    active: bool | None = None


@router.post("/clinics/{clinic_id}/portal-users", status_code=201)
async def register_portal_user(
    clinic_id: UUID, body: NewPortalUser, runtime: Runtime, passwords: Passwords
) -> PortalUserChanged:
    return (await portal_users.register_portal_user(runtime, passwords, clinic_id, **dict(body))).as_event()


@router.get("/clinics/{clinic_id}/portal-users")
async def list_portal_users(clinic_id: UUID, runtime: Runtime) -> list[PortalUserChanged]:
    return [user.as_event() for user in await reading.of_clinic(runtime, "portal_users", clinic_id)]


@router.get("/portal-users/{portal_user_id}")
async def get_portal_user(portal_user_id: UUID, runtime: Runtime) -> PortalUserChanged:
    return (await reading.one(runtime, "portal_users", portal_user_id)).as_event()


class RequestSettingsDocument(BaseModel):
    """What a portal user's appointment request is judged by, as this service holds it now, in one
    read. `case`, `location` and `visit_type` are null when the user may not see them (another
    family's case, another clinic's location) or they do not exist: the same to the caller."""

    portal_user: PortalUserChanged
    clinic: ClinicSettingsChanged
    case: PatientCaseChanged | None
    location: LocationChanged | None
    visit_type: VisitTypeChanged | None


@router.get("/portal-users/{portal_user_id}/request-settings")
async def get_request_settings(
    portal_user_id: UUID,
    case_id: UUID,
    visit_type_id: UUID,
    runtime: Runtime,
    location_id: Annotated[UUID | None, Query(description="The location asked for; the case's own if left out")] = None,
) -> RequestSettingsDocument:
    """For the gateway's portal: a submission's `Settings-Seen` revisions and the case it checks is
    the user's, or whether the case's times may be listed, in one call where it took four."""
    found = await reading.request_settings(runtime, portal_user_id, case_id, visit_type_id, location_id)
    return RequestSettingsDocument(
        **{name: None if entity is None else entity.as_event() for name, entity in vars(found).items()}
    )


@router.patch("/portal-users/{portal_user_id}")
async def change_portal_user(portal_user_id: UUID, body: PortalUserChange, runtime: Runtime) -> PortalUserChanged:
    """Deactivate with `{"active": false}`: no sign-in, no new requests, nothing deleted."""
    return (await portal_users.change_portal_user(runtime, portal_user_id, **changes_in(body))).as_event()


@router.put("/portal-users/{portal_user_id}/patients")
async def link_patients(
    portal_user_id: UUID, patient_ids: Annotated[tuple[UUID, ...], Body()], runtime: Runtime
) -> PortalUserChanged:
    """The patients this user may request for; leaving one out unlinks it."""
    return (await portal_users.change_portal_user(runtime, portal_user_id, patient_ids=patient_ids)).as_event()


@router.put("/portal-users/{portal_user_id}/password", status_code=204)
async def set_password(portal_user_id: UUID, body: NewPassword, runtime: Runtime, passwords: Passwords) -> None:
    await users.change_password(runtime, passwords, UserKind.PORTAL, portal_user_id, body.password)
