"""Inviting people: the admin names someone, the account is made at once (active, without a
password, so nobody can sign in with it yet), and the person sets their password through a
one-time link. Resending makes a new link (the old one stops working); revoking ends it."""

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from clinic_settings.domain.credentials import Credentials
from clinic_settings.domain.one_time_links import LinkPolicy, LinkPurpose, LinkStatus, OneTimeLink
from clinic_settings.domain.portal_user import PortalUser
from clinic_settings.domain.staff_user import StaffUser
from clinic_settings.service_layer.one_time_links import (
    LinkDelivery,
    issue_link,
    now,
    set_password_by_link,
    usable_link,
)
from clinic_settings.service_layer.unit_of_work import SettingsUnitOfWork
from clinic_settings.service_layer.users import PasswordHashing, add_user, users_of_kind

INVITATION = LinkPurpose.INVITATION


@dataclass(frozen=True)
class Invitation:
    """An invitation as an admin sees it; `url` only right after it was made or sent again."""

    link: OneTimeLink
    user: PortalUser | StaffUser
    status: LinkStatus
    url: str | None = None


@dataclass(frozen=True)
class InvitationPreview:
    """What the invitation page shows the person who opened the link, and nothing more."""

    name: str
    email: str
    clinic_name: str
    expires_at: datetime


async def invite(
    uow: SettingsUnitOfWork, policy: LinkPolicy, delivery: LinkDelivery, user: PortalUser | StaffUser
) -> Invitation:
    """A staff user, or a portal user: a patient (linked to exactly their own patient record) or a
    caregiver (to any number)."""
    if isinstance(user, PortalUser):
        user.require_own_patient()
    async with uow:
        await add_user(uow, user, password_hash=None)
        issued = await issue_link(uow, policy, INVITATION, user)
    delivery.deliver(issued.link, issued.url)
    return Invitation(issued.link, user, LinkStatus.PENDING, issued.url)


async def invitations_of_clinic(uow: SettingsUnitOfWork, clinic_id: UUID) -> list[Invitation]:
    """Newest first."""
    moment = now()
    async with uow:
        await uow.clinic(clinic_id)
        links = await uow.invitations.of_clinic(clinic_id)
        users = {
            user.entity_id: user
            for repository in (uow.portal_users, uow.staff_users)
            for user in await repository.of_clinic(clinic_id)
        }
    return [Invitation(link, users[link.user_id], link.status(moment)) for link in links]


async def resend_invitation(
    uow: SettingsUnitOfWork, policy: LinkPolicy, delivery: LinkDelivery, invitation_id: UUID
) -> Invitation:
    """A new link, valid for the whole lifetime again; also for one revoked or expired. The old
    link stops working (it answers `invitation-not-found`). An accepted one cannot be resent."""
    async with uow:
        link = await uow.existing(uow.invitations, invitation_id, for_update=True)
        link, token = link.reissued(policy.invitation_lifetime, now())
        await uow.invitations.save(link)
        user = await _invited_user(uow, link)
    url = policy.url(INVITATION, token)
    delivery.deliver(link, url)
    return Invitation(link, user, LinkStatus.PENDING, url)


async def revoke_invitation(uow: SettingsUnitOfWork, invitation_id: UUID) -> Invitation:
    """The link stops working; the account stays, without a password, until the invitation is
    sent again or the account deactivated."""
    async with uow:
        link = await uow.existing(uow.invitations, invitation_id, for_update=True)
        revoked = link.revoked(now())
        if revoked is not link:
            await uow.invitations.save(revoked)
        user = await _invited_user(uow, revoked)
    return Invitation(revoked, user, revoked.status(now()))


async def look_up_invitation(uow: SettingsUnitOfWork, token: str) -> InvitationPreview:
    async with uow:
        link = await usable_link(uow, INVITATION, token)
        user = await _invited_user(uow, link)
        clinic = await uow.clinic(link.clinic_id)
    return InvitationPreview(name=user.name, email=user.email, clinic_name=clinic.name, expires_at=link.expires_at)


async def accept_invitation(
    uow: SettingsUnitOfWork, passwords: PasswordHashing, token: str, password: str
) -> Credentials:
    """The person's own password (the usual rules), and the invitation is used up."""
    return await set_password_by_link(uow, passwords, INVITATION, token, password)


async def _invited_user(uow: SettingsUnitOfWork, link: OneTimeLink) -> PortalUser | StaffUser:
    return await uow.existing(users_of_kind(uow, link.user_kind), link.user_id)
