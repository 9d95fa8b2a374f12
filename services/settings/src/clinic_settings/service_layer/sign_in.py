"""Checking an email and password for the gateway's sign-in."""

from uuid import UUID

from clinic_settings.domain.credentials import Credentials
from clinic_settings.domain.emails import normalised_email
from clinic_settings.domain.errors import SettingsConflict, SettingsRuleBroken
from clinic_settings.domain.sign_in_limits import SignInLimits
from clinic_settings.service_layer.sign_in_limits import attempt_not_checked, attempt_succeeded, count_attempt
from clinic_settings.service_layer.unit_of_work import SettingsUnitOfWork
from clinic_settings.service_layer.users import PasswordHashing, users_of_kind
from servicekit.errors import DomainError


class SignInRefused(DomainError):
    """One answer for an unknown email, a wrong password and a deactivated user, so the answer
    does not tell which emails have accounts."""

    code = "invalid-credentials"
    status = 401
    title = "The email or password is wrong"


async def verify_credentials(
    uow: SettingsUnitOfWork,
    passwords: PasswordHashing,
    limits: SignInLimits,
    *,
    email: str,
    password: str,
    clinic_id: UUID | None = None,
    client_address: str | None = None,
) -> Credentials:
    """The user these credentials belong to. Without `clinic_id`, the email is looked up in every
    clinic; if the password fits accounts in several, the caller must say which clinic.

    Counted against the sign-in limits first (SignInThrottled once they are reached), for unknown
    emails exactly as for known ones."""
    attempt = await count_attempt(uow, limits, email=email, client_address=client_address)
    try:
        active = await _active_accounts_matching(uow, passwords, email, password, clinic_id)
    except Exception:
        # The password was not checked (the database or the hashing failed): no failure to count.
        await attempt_not_checked(uow, attempt)
        raise
    if not active:
        raise SignInRefused
    await attempt_succeeded(uow, attempt)
    if len(active) > 1:
        raise SettingsConflict("clinic-required", "These credentials fit accounts in several clinics; give clinic_id.")
    return active[0]


async def _active_accounts_matching(
    uow: SettingsUnitOfWork, passwords: PasswordHashing, email: str, password: str, clinic_id: UUID | None
) -> list[Credentials]:
    try:
        email = normalised_email(email)
    except SettingsRuleBroken:
        await passwords.refuse_unknown_user(password)
        return []
    async with uow:
        candidates = await uow.credentials.with_email(email, clinic_id)
    if not candidates:
        await passwords.refuse_unknown_user(password)
        return []
    matching = [c for c in candidates if await _password_fits(passwords, c, password)]
    async with uow:
        return [c for c in matching if (await users_of_kind(uow, c.kind).get(c.user_id)).active]


async def _password_fits(passwords: PasswordHashing, candidate: Credentials, password: str) -> bool:
    if candidate.password_hash is None:
        # Invited, no password yet: as slow as a wrong password, so it cannot be told apart.
        return await passwords.refuse_unknown_user(password)
    return await passwords.matches(candidate.password_hash, password)
