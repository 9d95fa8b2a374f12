"""Portal users: patients and caregivers who request appointments. Inviting them is an
invitation's business; here an admin corrects their name or email, links them to the patients
they may request for, and deactivates them."""

from uuid import UUID

from fastapi import APIRouter

from clinic_contracts.events import PortalUserChanged
from clinic_gateway import demo_ids as demo
from clinic_gateway.routes.admin.common import REFERENCE_TO_ANOTHER_CLINIC, AdminBody, examples, refused, unknown
from clinic_gateway.routes.admin.pass_through import Change, Entity, add_routes
from clinic_gateway.routes.admin.staff_users import USER_CHANGES, USER_REFUSED, UserChange

router = APIRouter()

LINKS_REFUSED = (
    refused(
        "patient-account-links-one-patient",
        "A patient's own portal account is linked to that patient only; use a caregiver account for several patients.",
    ),
    unknown("patient"),
    REFERENCE_TO_ANOTHER_CLINIC,
)


class PortalUserActive(AdminBody):
    active: bool


PATIENT_IDS = examples("A caregiver of two", [demo.LILY, demo.OWEN])
ACTIVE = examples("Deactivate", {"active": False})


add_routes(
    router,
    Entity("portal-users", "portal_user_id", PortalUserChanged),
    Change(
        "change_portal_user",
        "PATCH",
        "",
        UserChange,
        USER_CHANGES,
        USER_REFUSED,
        doc="Name, email (they sign in with the new one), or deactivate (no sign-in, no new requests; nothing is"
        " deleted) / reactivate.",
    ),
    Change(
        "link_portal_user",
        "PUT",
        "patients",
        list[UUID],
        PATIENT_IDS,
        LINKS_REFUSED,
        doc="Link a portal user to exactly these patients (unlinking the others).",
    ),
    Change(
        "activate_portal_user",
        "PUT",
        "active",
        PortalUserActive,
        ACTIVE,
        forwarded_as=("PATCH", ""),
        doc="Deactivate or reactivate a portal user; the same as PATCH with `active` alone.",
    ),
)
