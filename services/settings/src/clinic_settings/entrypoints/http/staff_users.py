from typing import Annotated
from uuid import UUID

from fastapi import Body
from pydantic import Field

from clinic_contracts.events import StaffPermission, StaffUserChanged
from clinic_settings.domain.staff_user import StaffUser
from clinic_settings.entrypoints.http.common import RequestBody
from clinic_settings.entrypoints.http.entity_routes import UnitOfWork
from clinic_settings.entrypoints.http.user_routes import user_router
from clinic_settings.service_layer import entities


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


router = user_router(StaffUser, "staff-users", new=NewStaffUser, change=StaffUserChange)


@router.put("/staff-users/{staff_user_id}/permissions")
async def set_permissions(
    staff_user_id: UUID, permissions: Annotated[tuple[StaffPermission, ...], Body()], uow: UnitOfWork
) -> StaffUserChanged:
    """The clinic's last active admin keeps the Admin permission."""
    return (await entities.change(uow, StaffUser, staff_user_id, permissions=permissions)).as_event()


@router.put("/staff-users/{staff_user_id}/locations")
async def assign_locations(staff_user_id: UUID, body: AssignedLocations, uow: UnitOfWork) -> StaffUserChanged:
    return (await entities.change(uow, StaffUser, staff_user_id, **dict(body))).as_event()
