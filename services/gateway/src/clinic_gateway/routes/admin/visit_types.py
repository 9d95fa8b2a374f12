"""Visit types: the kinds of appointment and how long each takes. A deactivated one stays on the
cases that allowed it but can no longer be requested, nor allowed anew."""

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Body, Response

from clinic_contracts.events import VisitTypeChanged
from clinic_gateway.identity import Admin, ServicesDep
from clinic_gateway.problems import problems
from clinic_gateway.routes.admin.common import (
    ADMIN_PROBLEMS,
    AdminBody,
    change_in_own_clinic,
    create_in_own_clinic,
    examples,
    refused,
)

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


@router.post(
    "/visit-types",
    status_code=201,
    response_model=VisitTypeChanged,
    responses=problems(*ADMIN_PROBLEMS, *VISIT_TYPE_REFUSED),
)
async def add_visit_type(
    body: Annotated[NewVisitType, Body(openapi_examples=NEW_VISIT_TYPE)], admin: Admin, gateway: ServicesDep
) -> Response:
    return await create_in_own_clinic(gateway, admin, "visit-types", "visit_type_id", body)


@router.patch(
    "/visit-types/{visit_type_id}",
    response_model=VisitTypeChanged,
    responses=problems(*ADMIN_PROBLEMS, *VISIT_TYPE_REFUSED),
)
async def change_visit_type(
    visit_type_id: UUID,
    body: Annotated[VisitTypeChange, Body(openapi_examples=VISIT_TYPE_CHANGES)],
    admin: Admin,
    gateway: ServicesDep,
) -> Response:
    """Name, duration, or whether it is offered (`active`)."""
    return await change_in_own_clinic(gateway, admin, "visit-types", visit_type_id, "PATCH", "", body)
