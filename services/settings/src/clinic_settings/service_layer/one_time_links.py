"""Handing out and using one-time links (clinic_settings.domain.one_time_links): what invitations
and password resets share."""

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Protocol

from clinic_contracts.events import AccountLinkIssued, AccountLinkPurpose, AccountUserKind
from clinic_settings.domain.clinic import Clinic
from clinic_settings.domain.credentials import Credentials
from clinic_settings.domain.one_time_links import LinkPolicy, LinkPurpose, LinkRefused, OneTimeLink, token_hash
from clinic_settings.domain.portal_user import PortalUser
from clinic_settings.domain.staff_user import StaffUser
from clinic_settings.service_layer.unit_of_work import SettingsUnitOfWork
from clinic_settings.service_layer.users import PasswordHashing, new_password_hash


class LinkDelivery(Protocol):
    def deliver(self, link: OneTimeLink, url: str) -> None: ...


@dataclass(frozen=True)
class IssuedLink:
    """A link just made, with its URL: the only moment the token exists outside the person's hands."""

    link: OneTimeLink
    url: str


def now() -> datetime:
    return datetime.now(UTC)


async def issue_link(
    uow: SettingsUnitOfWork, policy: LinkPolicy, purpose: LinkPurpose, user: PortalUser | StaffUser
) -> IssuedLink:
    link, token = OneTimeLink.issue(
        purpose,
        clinic_id=user.clinic_id,
        user_kind=user.user_kind,
        user_id=user.entity_id,
        lifetime=policy.lifetime(purpose),
        now=now(),
    )
    await uow.links(purpose).add(link)
    issued = IssuedLink(link, policy.url(purpose, token))
    # The notifications service mails it to the person, if and only if the link is stored.
    clinic = await uow.clinic(user.clinic_id)
    event = _link_event(issued, user, clinic)
    await uow.outbox.add_event(uow.session, event, key=str(link.user_id), clinic_id=user.clinic_id)
    return issued


def _link_event(issued: IssuedLink, user: PortalUser | StaffUser, clinic: Clinic) -> AccountLinkIssued:
    link = issued.link
    return AccountLinkIssued(
        link_id=link.link_id,
        purpose=AccountLinkPurpose(link.purpose.value),
        clinic_id=link.clinic_id,
        clinic_name=clinic.name,
        clinic_time_zone=clinic.time_zone,
        clinic_language=clinic.language,
        user_kind=AccountUserKind(link.user_kind.value),
        user_id=link.user_id,
        name=user.name,
        email=user.email,
        url=issued.url,
        expires_at=link.expires_at,
    )


async def usable_link(
    uow: SettingsUnitOfWork, purpose: LinkPurpose, token: str, *, for_update: bool = False
) -> OneTimeLink:
    """The link this token opens, while it may be used; else LinkRefused saying why."""
    link = await uow.links(purpose).with_token_hash(token_hash(token), for_update=for_update)
    if link is None:
        raise LinkRefused(purpose, None)
    link.require_usable(now())
    return link


async def set_password_by_link(
    uow: SettingsUnitOfWork, passwords: PasswordHashing, purpose: LinkPurpose, token: str, password: str
) -> Credentials:
    """The link is checked first, so an unknown one spends no password hash; then, in one
    transaction, the password is set and the link used up. Of two uses at once, one wins: the
    other finds it used."""
    async with uow:
        await usable_link(uow, purpose, token)
    password_hash = await new_password_hash(passwords, password)
    async with uow:
        link = await usable_link(uow, purpose, token, for_update=True)
        await uow.links(purpose).save(link.used(now()))
        await uow.credentials.change_password_hash(link.user_id, password_hash)
        return await uow.credentials.of_user(link.user_id)
