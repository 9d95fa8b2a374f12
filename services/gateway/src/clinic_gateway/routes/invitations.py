"""Invitations: an admin invites a patient, a caregiver or a staff user of their clinic; the
invited person opens the link (`/invitation#token=...`, a page of this gateway), sees whose
invitation it is, and chooses a password. Until a notifications service mails links, the
answers that make one carry it (`link`) for the admin to pass on."""

from datetime import datetime
from typing import Annotated, Literal
from uuid import UUID

from fastapi import APIRouter, Body, Response
from pydantic import BaseModel, Field

from clinic_contracts.events import PortalUserRole, StaffPermission
from clinic_gateway import demo_ids as demo
from clinic_gateway.identity import Admin, GatewayAlone, ServicesDep
from clinic_gateway.problems import FAILURES, INVALID, NEEDS_ADMIN, NOT_FOUND, SIGNED_IN, STAFF_ONLY, Example, problems
from clinic_gateway.tokens import UserKind

admin_router = APIRouter(prefix="/api/admin/invitations", tags=["admin"])
public_router = APIRouter(prefix="/api/invitations", tags=["invitations"])

INVITATION_NOT_FOUND = Example.of(
    "invitation-not-found",
    "This invitation link is not valid. Check that the whole link was copied, or ask the clinic for a new one.",
)
INVITATION_ALREADY_USED = Example.of(
    "invitation-already-used", "This invitation has already been accepted. Sign in, or reset your password."
)
INVITATION_EXPIRED = Example.of("invitation-expired", "This invitation has expired. Ask the clinic to send a new one.")
INVITATION_REVOKED = Example.of("invitation-revoked", "The clinic has withdrawn this invitation.")
LINK_REFUSALS = (INVITATION_NOT_FOUND, INVITATION_ALREADY_USED, INVITATION_EXPIRED, INVITATION_REVOKED)
EMAIL_TAKEN = Example.of("email-taken", "Another user of this clinic signs in with wei.chen@example.org.")
PATIENT_ACCOUNT = Example.of(
    "patient-account-links-one-patient",
    "A patient's own portal account is linked to exactly that patient; use a caregiver account for several patients.",
)
UNKNOWN_PATIENT = Example.of("unknown-patient", "No patient has id 1b2c....")
PASSWORD_TOO_SHORT = Example.of("password-too-short", "A password has at least 10 characters.")
ADMIN_PROBLEMS = (*SIGNED_IN, STAFF_ONLY, NEEDS_ADMIN)


class PortalInvitation(BaseModel):
    """A patient (linked to exactly their own patient record) or a caregiver (to the patients
    they look after)."""

    kind: Literal["portal"]
    name: str = Field(max_length=200)
    email: str = Field(max_length=320)
    role: PortalUserRole
    patient_ids: list[UUID] = Field(default=[], max_length=100)


class StaffInvitation(BaseModel):
    kind: Literal["staff"]
    name: str = Field(max_length=200)
    email: str = Field(max_length=320)
    permissions: list[StaffPermission] = []
    all_locations: bool = False
    location_ids: list[UUID] = Field(default=[], max_length=100)


NewInvitation = Annotated[PortalInvitation | StaffInvitation, Field(discriminator="kind")]


class Invitation(BaseModel):
    invitation_id: UUID
    user_id: UUID
    kind: UserKind
    name: str
    email: str
    status: Literal["pending", "accepted", "expired", "revoked"]
    created_at: datetime
    expires_at: datetime
    accepted_at: datetime | None
    link: str | None = Field(
        description="The link to pass on (`<public base URL>/invitation#token=...`): only in the answer that"
        " made or re-sent it; the service keeps only a hash of the token."
    )


class Token(BaseModel):
    token: str = Field(max_length=200, description="What follows `#token=` in the link")


class LinkUse(BaseModel):
    token: str = Field(max_length=200, description="What follows `#token=` in the link")
    password: str = Field(max_length=1024)


class InvitationPreview(BaseModel):
    """Whose invitation it is, for the page that asks them for a password; nothing more."""

    name: str
    email: str
    clinic_name: str
    expires_at: datetime


class PasswordSet(BaseModel):
    """Whose password was just set: they sign in next, with POST /api/session."""

    kind: UserKind
    user_id: UUID
    clinic_id: UUID
    email: str


NEW_INVITATIONS = {
    "caregiver": {
        "summary": "A caregiver of two children",
        "value": {
            "kind": "portal",
            "name": "Mei Chen",
            "email": "mei.chen@example.org",
            "role": "caregiver",
            "patient_ids": [demo.LILY, demo.OWEN],
        },
    },
    "patient": {
        "summary": "A patient's own account",
        "value": {
            "kind": "portal",
            "name": "Lily Chen",
            "email": "lily@example.org",
            "role": "patient",
            "patient_ids": [demo.LILY],
        },
    },
    "scheduler": {
        "summary": "A scheduler at Downtown",
        "value": {
            "kind": "staff",
            "name": "Alex Moreno",
            "email": "alex.moreno@harborview.example",
            "permissions": ["scheduling"],
            "all_locations": False,
            "location_ids": [demo.DOWNTOWN],
        },
    },
}
TOKEN = {"token": {"summary": "The token from the link", "value": {"token": "kM2tQ…the rest of the link"}}}
LINK_USE = {
    "accept": {
        "summary": "The token and the chosen password",
        "value": {"token": "kM2tQ…the rest of the link", "password": "correct horse battery"},
    }
}


@admin_router.post(
    "",
    status_code=201,
    response_model=Invitation,
    responses=problems(*ADMIN_PROBLEMS, NOT_FOUND, EMAIL_TAKEN, PATIENT_ACCOUNT, UNKNOWN_PATIENT),
)
async def invite(
    body: Annotated[NewInvitation, Body(openapi_examples=NEW_INVITATIONS)], admin: Admin, gateway: ServicesDep
) -> Response:
    """Make the account (active, but without a password: nobody can sign in with it yet) and its
    invitation, valid for 7 days (INVITATION_DAYS). The answer's `link` is for the admin to pass on."""
    path = f"/clinics/{admin.clinic_id}/invitations"
    return (await gateway.settings.write(Invitation, "POST", path, json=body.model_dump(mode="json"))).response()


@admin_router.get("", responses=problems(*ADMIN_PROBLEMS, NOT_FOUND))
async def list_invitations(admin: Admin, gateway: ServicesDep) -> list[Invitation]:
    """The clinic's invitations, newest first, each with its status now (no links)."""
    return await gateway.settings.read(list[Invitation], f"/clinics/{admin.clinic_id}/invitations")


@admin_router.post(
    "/{invitation_id}/resend",
    response_model=Invitation,
    responses=problems(*ADMIN_PROBLEMS, INVITATION_NOT_FOUND, INVITATION_ALREADY_USED),
)
async def resend(invitation_id: UUID, admin: Admin, gateway: ServicesDep) -> Response:
    """A new link with a new expiry, also for a revoked or expired invitation; the old link stops
    working. An accepted invitation cannot be sent again."""
    return (await gateway.settings.write(Invitation, "POST", f"/invitations/{invitation_id}/resend")).response()


@admin_router.post(
    "/{invitation_id}/revoke",
    response_model=Invitation,
    responses=problems(*ADMIN_PROBLEMS, INVITATION_NOT_FOUND, INVITATION_ALREADY_USED),
)
async def revoke(invitation_id: UUID, admin: Admin, gateway: ServicesDep) -> Response:
    """The link stops working (sending it again makes a new one). Revoking twice changes nothing."""
    return (await gateway.settings.write(Invitation, "POST", f"/invitations/{invitation_id}/revoke")).response()


@public_router.post("/lookup", response_model=InvitationPreview, responses=problems(*LINK_REFUSALS, INVALID, *FAILURES))
async def look_up(body: Annotated[Token, Body(openapi_examples=TOKEN)], gateway: GatewayAlone) -> Response:
    """No sign-in: whose invitation a token is (name, email, clinic, expiry), or why it cannot be used."""
    return (
        await gateway.settings.write(InvitationPreview, "POST", "/invitations/lookup", json=body.model_dump())
    ).response()


@public_router.post(
    "/accept", response_model=PasswordSet, responses=problems(*LINK_REFUSALS, PASSWORD_TOO_SHORT, INVALID, *FAILURES)
)
async def accept(body: Annotated[LinkUse, Body(openapi_examples=LINK_USE)], gateway: GatewayAlone) -> Response:
    """No sign-in: set the invited person's password (at least 10 characters); the link is then used
    up. Sign in next with the email and that password."""
    return (await gateway.settings.write(PasswordSet, "POST", "/invitations/accept", json=body.model_dump())).response()
