"""Checking an email and password for the gateway's sign-in."""

from uuid import UUID

from servicekit.runtime import ServiceRuntime

from clinic_settings.domain.credentials import Credentials
from clinic_settings.domain.emails import normalised_email
from clinic_settings.domain.errors import SettingsConflict, SettingsRuleBroken
from clinic_settings.service_layer.unit_of_work import unit_of_work
from clinic_settings.service_layer.users import PasswordHashing, users_of_kind


class SignInRefused(Exception):
    """One answer for an unknown email, a wrong password and a deactivated user, so the answer
    does not tell which emails have accounts."""


async def verify_credentials(
    runtime: ServiceRuntime, passwords: PasswordHashing, *, email: str, password: str, clinic_id: UUID | None = None
) -> Credentials:
    """The user these credentials belong to. Without `clinic_id`, the email is looked up in every
    clinic; if the password fits accounts in several, the caller must say which clinic."""
    try:
        email = normalised_email(email)
    except SettingsRuleBroken:
        await passwords.refuse_unknown_user(password)
        raise SignInRefused from None
    async with unit_of_work(runtime) as uow:
        candidates = await uow.credentials.with_email(email, clinic_id)
    if not candidates:
        await passwords.refuse_unknown_user(password)
        raise SignInRefused
    matching = [c for c in candidates if await passwords.matches(c.password_hash, password)]
    async with unit_of_work(runtime) as uow:
        active = [c for c in matching if (await users_of_kind(uow, c.kind).get(c.user_id)).active]
    if not active:
        raise SignInRefused
    if len(active) > 1:
        raise SettingsConflict("clinic-required", "These credentials fit accounts in several clinics; give clinic_id.")
    return active[0]
