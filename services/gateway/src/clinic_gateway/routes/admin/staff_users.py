"""Staff users: their name and email, whether they are active, what they may do and where.
Adding staff is an invitation's business; every change here takes effect on their next call."""

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Body, Response
from pydantic import Field

from clinic_contracts.events import StaffPermission, StaffUserChanged
from clinic_gateway import demo_ids as demo
from clinic_gateway.identity import Admin, ServicesDep
from clinic_gateway.problems import problems
from clinic_gateway.routes.admin.common import (
    ADMIN_PROBLEMS,
    REFERENCE_TO_ANOTHER_CLINIC,
    AdminBody,
    change_in_own_clinic,
    examples,
    refused,
)

router = APIRouter()

# Names and emails of staff and portal users follow the same rules.
USER_REFUSED = (
    refused("name-required", "The staff user's name must not be blank."),
    refused("invalid-email", "'sam.harborview.example' is not an email address."),
    refused("email-taken", "Another user of this clinic signs in with sam@harborview.example.", status=409),
)
LAST_ADMIN = refused(
    "last-admin", "Harborview Physical Therapy needs an active staff user with the Admin permission.", status=409
)
LOCATIONS_REFUSED = (
    refused("staff-locations-ambiguous", "Give either all locations or a list of locations, not both."),
    refused("unknown-location", "No location has id 5f0c...."),
    REFERENCE_TO_ANOTHER_CLINIC,
)


class UserChange(AdminBody):
    """Only the fields given change. A deactivated user cannot sign in, and the next call with a
    token they still hold is refused."""

    name: str | None = None
    email: str | None = None
    active: bool | None = None


class StaffLocations(AdminBody):
    all_locations: bool = False
    location_ids: list[UUID] = Field(default=[], max_length=100)


USER_CHANGES = {
    "rename": {"summary": "A new name and email", "value": {"name": "Sam Ortiz", "email": "sam.ortiz@example.com"}},
    "deactivate": {"summary": "Deactivate", "value": {"active": False}},
}
PERMISSIONS = examples("A scheduler", ["scheduling"])
STAFF_LOCATIONS = {
    "some": {"summary": "These locations", "value": {"all_locations": False, "location_ids": [demo.DOWNTOWN]}},
    "all": {"summary": "Every location", "value": {"all_locations": True, "location_ids": []}},
}


@router.patch(
    "/staff-users/{staff_user_id}",
    response_model=StaffUserChanged,
    responses=problems(*ADMIN_PROBLEMS, *USER_REFUSED, LAST_ADMIN),
)
async def change_staff_user(
    staff_user_id: UUID,
    body: Annotated[UserChange, Body(openapi_examples=USER_CHANGES)],
    admin: Admin,
    gateway: ServicesDep,
) -> Response:
    """Name, email (they sign in with the new one), or deactivate / reactivate."""
    return await change_in_own_clinic(gateway, admin, "staff-users", staff_user_id, "PATCH", "", body)


@router.put(
    "/staff-users/{staff_user_id}/permissions",
    response_model=StaffUserChanged,
    responses=problems(*ADMIN_PROBLEMS, LAST_ADMIN),
)
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


@router.put(
    "/staff-users/{staff_user_id}/locations",
    response_model=StaffUserChanged,
    responses=problems(*ADMIN_PROBLEMS, *LOCATIONS_REFUSED),
)
async def set_staff_locations(
    staff_user_id: UUID,
    body: Annotated[StaffLocations, Body(openapi_examples=STAFF_LOCATIONS)],
    admin: Admin,
    gateway: ServicesDep,
) -> Response:
    """The locations whose patients a scheduler sees, or all of them."""
    return await change_in_own_clinic(gateway, admin, "staff-users", staff_user_id, "PUT", "locations", body)
