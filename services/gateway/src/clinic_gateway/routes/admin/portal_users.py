"""Portal users: patients and caregivers who request appointments. Inviting them is an
invitation's business; here an admin corrects their name or email, links them to the patients
they may request for, and deactivates them."""

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Body, Response

from clinic_contracts.events import PortalUserChanged
from clinic_gateway import demo_ids as demo
from clinic_gateway.identity import Admin, ServicesDep
from clinic_gateway.problems import problems
from clinic_gateway.routes.admin.common import (
    ADMIN_PROBLEMS,
    REFERENCE_TO_ANOTHER_CLINIC,
    AdminBody,
    change_in_own_clinic,
    dump,
    examples,
    refused,
)
from clinic_gateway.routes.admin.staff_users import USER_CHANGES, USER_REFUSED, UserChange

router = APIRouter()

LINKS_REFUSED = (
    refused(
        "patient-account-links-one-patient",
        "A patient's own portal account is linked to that patient only; use a caregiver account for several patients.",
    ),
    refused("unknown-patient", "No patient has id 5f0c...."),
    REFERENCE_TO_ANOTHER_CLINIC,
)


class PortalUserActive(AdminBody):
    active: bool


PATIENT_IDS = examples("A caregiver of two", [demo.LILY, demo.OWEN])
ACTIVE = examples("Deactivate", {"active": False})


@router.patch(
    "/portal-users/{portal_user_id}",
    response_model=PortalUserChanged,
    responses=problems(*ADMIN_PROBLEMS, *USER_REFUSED),
)
async def change_portal_user(
    portal_user_id: UUID,
    body: Annotated[UserChange, Body(openapi_examples=USER_CHANGES)],
    admin: Admin,
    gateway: ServicesDep,
) -> Response:
    """Name, email (they sign in with the new one), or deactivate (no sign-in, no new requests;
    nothing is deleted) / reactivate."""
    return await change_in_own_clinic(gateway, admin, "portal-users", portal_user_id, "PATCH", "", body)


@router.put(
    "/portal-users/{portal_user_id}/patients",
    response_model=PortalUserChanged,
    responses=problems(*ADMIN_PROBLEMS, *LINKS_REFUSED),
)
async def link_portal_user(
    portal_user_id: UUID,
    patient_ids: Annotated[list[UUID], Body(openapi_examples=PATIENT_IDS)],
    admin: Admin,
    gateway: ServicesDep,
) -> Response:
    """Link a portal user to exactly these patients (unlinking the others)."""
    return await change_in_own_clinic(
        gateway, admin, "portal-users", portal_user_id, "PUT", "patients", dump(patient_ids)
    )


@router.put("/portal-users/{portal_user_id}/active", response_model=PortalUserChanged)
async def activate_portal_user(
    portal_user_id: UUID,
    body: Annotated[PortalUserActive, Body(openapi_examples=ACTIVE)],
    admin: Admin,
    gateway: ServicesDep,
) -> Response:
    """Deactivate or reactivate a portal user; the same as PATCH with `active` alone."""
    return await change_in_own_clinic(gateway, admin, "portal-users", portal_user_id, "PATCH", "", body)
