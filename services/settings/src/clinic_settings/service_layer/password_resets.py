"""Resetting a forgotten password through a one-time link, valid for an hour.

Anyone may ask for one by email; the answer is always the same, whether or not an account has
that email, and the link goes only to the account's owner (clinic_settings.adapters.link_delivery),
never back to the caller. An admin may start one for a user of their clinic, and gets the link
to pass on. Only accounts that can sign in get one: active, with a password already set (an
invited person who has not accepted yet is sent the invitation again instead).
"""

import logging
from uuid import UUID

from clinic_settings.domain.credentials import Credentials, UserKind
from clinic_settings.domain.emails import normalised_email
from clinic_settings.domain.errors import SettingsConflict, SettingsRuleBroken
from clinic_settings.domain.one_time_links import LinkPolicy, LinkPurpose
from clinic_settings.domain.password_reset_limits import PasswordResetLimits, address_key, email_key
from clinic_settings.domain.portal_user import PortalUser
from clinic_settings.domain.staff_user import StaffUser
from clinic_settings.service_layer.one_time_links import (
    IssuedLink,
    LinkDelivery,
    issue_link,
    now,
    set_password_by_link,
)
from clinic_settings.service_layer.sign_in_limits import Counter, count_on
from clinic_settings.service_layer.unit_of_work import SettingsUnitOfWork
from clinic_settings.service_layer.users import PasswordHashing, users_of_kind
from servicekit.errors import TryLater

PASSWORD_RESET = LinkPurpose.PASSWORD_RESET
log = logging.getLogger(__name__)


class PasswordResetsThrottled(TryLater):
    """Too many resets asked for from one client address, whatever the emails."""

    code = "too-many-password-resets"
    title = "Too many password resets asked for"

    def __init__(self, retry_after_seconds: int) -> None:
        message = f"Too many password resets were asked for from here; try again in {retry_after_seconds} seconds."
        super().__init__(message, retry_after_seconds)


async def request_password_reset(
    uow: SettingsUnitOfWork,
    limits: PasswordResetLimits,
    policy: LinkPolicy,
    delivery: LinkDelivery,
    *,
    email: str,
    client_address: str | None,
) -> None:
    """A link for each account that uses this email and can sign in (an email is unique in a
    clinic, not across clinics). Returns nothing, so the caller learns nothing."""
    if client_address:
        by_address = Counter(address_key(client_address), limits.per_address)
        if (wait := await count_on(uow, [by_address], limits.forget_after)) is not None:
            raise PasswordResetsThrottled(wait)
    if await count_on(uow, [Counter(email_key(email), limits.per_email)], limits.forget_after) is not None:
        log.info("A password reset was asked for too often for one email; no new link was made.")
        return
    try:
        email = normalised_email(email)
    except SettingsRuleBroken:
        return
    async with uow:
        issued = [
            await _new_reset(uow, policy, user)
            for credentials in await uow.credentials.with_email(email)
            if (user := await _user_who_signs_in(uow, credentials)) is not None
        ]
    for reset in issued:
        delivery.deliver(reset.link, reset.url)


async def start_password_reset(
    uow: SettingsUnitOfWork, policy: LinkPolicy, delivery: LinkDelivery, kind: UserKind, user_id: UUID
) -> IssuedLink:
    """An admin's: the link is theirs to pass on (and delivered as any other)."""
    async with uow:
        user = await uow.existing(users_of_kind(uow, kind), user_id, for_update=True)
        if not user.active:
            raise SettingsRuleBroken("account-inactive", f"{user.name}'s account is deactivated; reactivate it first.")
        credentials = await uow.credentials.of_user(user_id)
        if credentials.password_hash is None:
            raise SettingsConflict(
                "invitation-not-accepted",
                f"{user.name} has not accepted their invitation yet; send the invitation again instead.",
            )
        reset = await _new_reset(uow, policy, user)
    delivery.deliver(reset.link, reset.url)
    return reset


async def complete_password_reset(
    uow: SettingsUnitOfWork, passwords: PasswordHashing, token: str, password: str
) -> Credentials:
    return await set_password_by_link(uow, passwords, PASSWORD_RESET, token, password)


async def _user_who_signs_in(uow: SettingsUnitOfWork, credentials: Credentials) -> PortalUser | StaffUser | None:
    user = await users_of_kind(uow, credentials.kind).get(credentials.user_id, for_update=True)
    return user if user.active and credentials.password_hash is not None else None


async def _new_reset(uow: SettingsUnitOfWork, policy: LinkPolicy, user: PortalUser | StaffUser) -> IssuedLink:
    """Only the newest link works: the user's earlier ones still pending are revoked."""
    moment = now()
    for earlier in await uow.password_resets.of_user(user.entity_id, for_update=True):
        if earlier.used_at is None and earlier.revoked_at is None:
            await uow.password_resets.save(earlier.revoked(moment))
    return await issue_link(uow, policy, PASSWORD_RESET, user)
