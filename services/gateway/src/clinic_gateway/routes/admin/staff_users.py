"""Staff users: their name and email, whether they are active, what they may do and where.
Adding staff is an invitation's business; every change here takes effect on their next call."""

from uuid import UUID

from fastapi import APIRouter
from pydantic import Field

from clinic_contracts.events import StaffPermission, StaffUserChanged
from clinic_gateway import demo_ids as demo
from clinic_gateway.routes.admin.common import REFERENCE_TO_ANOTHER_CLINIC, AdminBody, examples, refused, unknown
from clinic_gateway.routes.admin.pass_through import Change, Entity, add_routes

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
    unknown("location"),
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


add_routes(
    router,
    Entity("staff-users", "staff_user_id", StaffUserChanged),
    Change(
        "change_staff_user",
        "PATCH",
        "",
        UserChange,
        USER_CHANGES,
        (*USER_REFUSED, LAST_ADMIN),
        doc="Name, email (they sign in with the new one), or deactivate / reactivate.",
    ),
    Change(
        "set_staff_permissions",
        "PUT",
        "permissions",
        list[StaffPermission],
        PERMISSIONS,
        (LAST_ADMIN,),
        doc="`admin` configures the clinic; `scheduling` sees and decides requests. Takes effect at once.",
    ),
    Change(
        "set_staff_locations",
        "PUT",
        "locations",
        StaffLocations,
        STAFF_LOCATIONS,
        LOCATIONS_REFUSED,
        doc="The locations whose patients a scheduler sees, or all of them.",
    ),
)
