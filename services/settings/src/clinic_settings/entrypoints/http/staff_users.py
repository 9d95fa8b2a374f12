from uuid import UUID

from pydantic import Field

from clinic_contracts.events import StaffPermission
from clinic_settings.domain.staff_user import StaffUser
from clinic_settings.entrypoints.http.common import RequestBody
from clinic_settings.entrypoints.http.entity_routes import Part
from clinic_settings.entrypoints.http.user_routes import user_router


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


LAST_ADMIN = "The clinic's last active admin keeps the Admin permission."
PARTS = (
    Part("permissions", tuple[StaffPermission, ...], "permissions", LAST_ADMIN),
    Part("locations", AssignedLocations),
)
router = user_router(StaffUser, "staff-users", new=NewStaffUser, change=StaffUserChange, parts=PARTS)
