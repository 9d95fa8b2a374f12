from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Body
from pydantic import Field

from clinic_contracts.events import StaffPermission, StaffUserChanged
from clinic_settings.domain.credentials import UserKind
from clinic_settings.entrypoints.http.common import (
    NewPassword,
    Passwords,
    RequestBody,
    Runtime,
    changes_in,
)
from clinic_settings.service_layer import reading, staff_users, users

router = APIRouter(tags=["staff users"])


class NewStaffUser(RequestBody):
    staff_user_id: UUID | None = None
    name: str = Field(max_length=200)
    email: str
    password: str
    permissions: tuple[StaffPermission, ...] = ()
    all_locations: bool = False
    location_ids: tuple[UUID, ...] = ()


class StaffUserChange(RequestBody):
    name: str | None = Field(default=None, max_length=200)
    email: str | None = None
    active: bool | None = None


class AssignedLocations(RequestBody):
    all_locations: bool = False
    location_ids: tuple[UUID, ...] = ()


@router.post("/clinics/{clinic_id}/staff-users", status_code=201)
async def add_staff_user(
    clinic_id: UUID, body: NewStaffUser, runtime: Runtime, passwords: Passwords
) -> StaffUserChanged:
    return (await staff_users.add_staff_user(runtime, passwords, clinic_id, **dict(body))).as_event()


@router.get("/clinics/{clinic_id}/staff-users")
async def list_staff_users(clinic_id: UUID, runtime: Runtime) -> list[StaffUserChanged]:
    return [user.as_event() for user in await reading.of_clinic(runtime, "staff_users", clinic_id)]


@router.get("/staff-users/{staff_user_id}")
async def get_staff_user(staff_user_id: UUID, runtime: Runtime) -> StaffUserChanged:
    return (await reading.one(runtime, "staff_users", staff_user_id)).as_event()


@router.patch("/staff-users/{staff_user_id}")
async def change_staff_user(staff_user_id: UUID, body: StaffUserChange, runtime: Runtime) -> StaffUserChanged:
    return (await staff_users.change_staff_user(runtime, staff_user_id, **changes_in(body))).as_event()


@router.put("/staff-users/{staff_user_id}/permissions")
async def set_permissions(
    staff_user_id: UUID, permissions: Annotated[tuple[StaffPermission, ...], Body()], runtime: Runtime
) -> StaffUserChanged:
    return (await staff_users.change_staff_user(runtime, staff_user_id, permissions=permissions)).as_event()


@router.put("/staff-users/{staff_user_id}/locations")
async def assign_locations(staff_user_id: UUID, body: AssignedLocations, runtime: Runtime) -> StaffUserChanged:
    return (await staff_users.change_staff_user(runtime, staff_user_id, **dict(body))).as_event()


@router.put("/staff-users/{staff_user_id}/password", status_code=204)
async def set_password(staff_user_id: UUID, body: NewPassword, runtime: Runtime, passwords: Passwords) -> None:
    await users.change_password(runtime, passwords, UserKind.STAFF, staff_user_id, body.password)
