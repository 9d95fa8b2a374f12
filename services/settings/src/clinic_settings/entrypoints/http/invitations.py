"""Invitations: an admin invites a portal or staff user; the person, through the gateway, looks
the invitation up and accepts it by choosing a password. Until a notifications service mails
the link, the answers that make one carry it (`link`) for the admin to pass on."""

from datetime import datetime
from typing import Annotated, Literal
from uuid import UUID

from fastapi import APIRouter, Body
from pydantic import BaseModel, Field

from clinic_contracts.events import PortalUserRole, StaffPermission
from clinic_settings.domain.credentials import UserKind
from clinic_settings.domain.one_time_links import LinkStatus
from clinic_settings.domain.portal_user import PortalUser
from clinic_settings.domain.staff_user import StaffUser
from clinic_settings.entrypoints.http.common import Delivery, Links, LinkUse, Passwords, PasswordSet, RequestBody
from clinic_settings.entrypoints.http.entity_routes import new_entity
from clinic_settings.entrypoints.http.transactions import UnitOfWork
from clinic_settings.service_layer import invitations
from clinic_settings.service_layer.invitations import Invitation

router = APIRouter(tags=["invitations"])


class PortalInvitation(RequestBody):
    kind: Literal["portal"]
    name: str = Field(max_length=200)
    email: str
    role: PortalUserRole
    patient_ids: tuple[UUID, ...] = ()


class StaffInvitation(RequestBody):
    kind: Literal["staff"]
    name: str = Field(max_length=200)
    email: str
    permissions: tuple[StaffPermission, ...] = ()
    all_locations: bool = False
    location_ids: tuple[UUID, ...] = ()


NewInvitation = Annotated[PortalInvitation | StaffInvitation, Field(discriminator="kind")]


class InvitationDocument(BaseModel):
    invitation_id: UUID
    user_id: UUID
    kind: UserKind
    name: str
    email: str
    status: LinkStatus
    created_at: datetime
    expires_at: datetime
    accepted_at: datetime | None
    link: str | None = Field(description="The link to pass on: only in the answer that made or re-sent it")

    @classmethod
    def of(cls, invitation: Invitation) -> "InvitationDocument":
        link, user = invitation.link, invitation.user
        return cls(
            invitation_id=link.link_id,
            user_id=link.user_id,
            kind=link.user_kind,
            name=user.name,
            email=user.email,
            status=invitation.status,
            created_at=link.created_at,
            expires_at=link.expires_at,
            accepted_at=link.used_at,
            link=invitation.url,
        )


class Token(RequestBody):
    token: str = Field(max_length=200)


class InvitationPreview(BaseModel):
    name: str
    email: str
    clinic_name: str
    expires_at: datetime


@router.post("/clinics/{clinic_id}/invitations", status_code=201)
async def invite(
    clinic_id: UUID, body: Annotated[NewInvitation, Body()], uow: UnitOfWork, links: Links, delivery: Delivery
) -> InvitationDocument:
    """Makes the account (active, no password yet) and its invitation, valid INVITATION_DAYS."""
    user_type = PortalUser if body.kind == "portal" else StaffUser
    user = new_entity(user_type, clinic_id, body.model_dump(exclude={"kind"}))
    return InvitationDocument.of(await invitations.invite(uow, links, delivery, user))


@router.get("/clinics/{clinic_id}/invitations")
async def list_invitations(clinic_id: UUID, uow: UnitOfWork) -> list[InvitationDocument]:
    """Newest first, each with its status now."""
    return [InvitationDocument.of(each) for each in await invitations.invitations_of_clinic(uow, clinic_id)]


@router.post("/invitations/{invitation_id}/resend")
async def resend(invitation_id: UUID, uow: UnitOfWork, links: Links, delivery: Delivery) -> InvitationDocument:
    """A new link and a new expiry; the old link stops working."""
    return InvitationDocument.of(await invitations.resend_invitation(uow, links, delivery, invitation_id))


@router.post("/invitations/{invitation_id}/revoke")
async def revoke(invitation_id: UUID, uow: UnitOfWork) -> InvitationDocument:
    return InvitationDocument.of(await invitations.revoke_invitation(uow, invitation_id))


@router.post("/invitations/lookup")
async def look_up(body: Token, uow: UnitOfWork) -> InvitationPreview:
    """Whom a token invites, for the invitation page; a token in a body, never in a URL."""
    preview = await invitations.look_up_invitation(uow, body.token)
    return InvitationPreview(**vars(preview))


@router.post("/invitations/accept")
async def accept(body: LinkUse, uow: UnitOfWork, passwords: Passwords) -> PasswordSet:
    return PasswordSet.of(await invitations.accept_invitation(uow, passwords, body.token, body.password))
