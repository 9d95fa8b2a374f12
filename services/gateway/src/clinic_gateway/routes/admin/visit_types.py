"""Visit types: the kinds of appointment and how long each takes. A deactivated one stays on the
cases that allowed it but can no longer be requested, nor allowed anew."""

from fastapi import APIRouter

from clinic_contracts.events import VisitTypeChanged
from clinic_gateway.routes.admin.common import AdminBody, examples, refused
from clinic_gateway.routes.admin.pass_through import Change, Creation, Entity, add_routes

router = APIRouter()

VISIT_TYPE_REFUSED = (
    refused("name-required", "The visit type name must not be blank."),
    refused("visit-duration-out-of-range", "A visit lasts 5 to 480 minutes, not 600."),
)


class NewVisitType(AdminBody):
    name: str
    duration_minutes: int
    active: bool = True


class VisitTypeChange(AdminBody):
    """Only the fields given change."""

    name: str | None = None
    duration_minutes: int | None = None
    active: bool | None = None


NEW_VISIT_TYPE = examples("Hydrotherapy, 45 minutes", {"name": "Hydrotherapy", "duration_minutes": 45})
VISIT_TYPE_CHANGES = {
    "longer": {"summary": "An hour instead", "value": {"duration_minutes": 60}},
    "deactivate": {"summary": "No longer offered", "value": {"active": False}},
}


add_routes(
    router,
    Entity("visit-types", "visit_type_id", VisitTypeChanged),
    Creation("add_visit_type", NewVisitType, NEW_VISIT_TYPE, VISIT_TYPE_REFUSED),
    Change(
        "change_visit_type",
        "PATCH",
        "",
        VisitTypeChange,
        VISIT_TYPE_CHANGES,
        VISIT_TYPE_REFUSED,
        doc="Name, duration, or whether it is offered (`active`).",
    ),
)
