"""What portal and staff users share: an email unique in the clinic, and a password."""

from typing import Protocol, TypeVar
from uuid import UUID

from clinic_settings.adapters.repository import Repository
from clinic_settings.domain.credentials import Credentials, UserKind
from clinic_settings.domain.errors import SettingsConflict
from clinic_settings.domain.passwords import require_acceptable_password
from clinic_settings.domain.portal_user import PortalUser
from clinic_settings.domain.staff_user import StaffUser
from clinic_settings.service_layer.unit_of_work import SettingsUnitOfWork, unit_of_work
from servicekit.runtime import ServiceRuntime

U = TypeVar("U", PortalUser, StaffUser)


class PasswordHashing(Protocol):
    async def hash(self, password: str) -> str: ...

    async def matches(self, password_hash: str, password: str) -> bool: ...

    async def refuse_unknown_user(self, password: str) -> bool: ...


def users_of_kind(uow: SettingsUnitOfWork, kind: UserKind) -> Repository:
    return uow.staff_users if kind is UserKind.STAFF else uow.portal_users


async def new_password_hash(passwords: PasswordHashing, password: str) -> str:
    require_acceptable_password(password)
    return await passwords.hash(password)


async def add_user(uow: SettingsUnitOfWork, user: U, password_hash: str | None) -> U:
    """A new user of an existing clinic, linked to its patients or locations only, with an email no
    one else there has; without a password hash until they accept their invitation."""
    await uow.clinic(user.clinic_id)
    repository = users_of_kind(uow, user.user_kind)
    await uow.require_new(repository, user.entity_id)
    if isinstance(user, PortalUser):
        await uow.all_referenced(uow.patients, user.patient_ids, user.clinic_id)
    else:
        await uow.all_referenced(uow.locations, user.location_ids, user.clinic_id)
    await uow.add(repository, user)
    await _require_email_free(uow, user)
    await uow.credentials.add(
        Credentials(
            user_id=user.entity_id,
            clinic_id=user.clinic_id,
            kind=user.user_kind,
            email=user.email,
            password_hash=password_hash,
        )
    )
    return user


async def replace_user(uow: SettingsUnitOfWork, before: U, after: U) -> U:
    if after.email != before.email:
        await _require_email_free(uow, after)
        await uow.credentials.change_email(after.entity_id, after.email)
    return await uow.replace(users_of_kind(uow, after.user_kind), before, after)


async def change_password(
    runtime: ServiceRuntime, passwords: PasswordHashing, kind: UserKind, user_id: UUID, password: str
) -> None:
    """The hash is in no event, so a new password publishes nothing."""
    password_hash = await new_password_hash(passwords, password)
    async with unit_of_work(runtime) as uow:
        await uow.existing(users_of_kind(uow, kind), user_id, for_update=True)
        await uow.credentials.change_password_hash(user_id, password_hash)


async def _require_email_free(uow: SettingsUnitOfWork, user: U) -> None:
    holders = await uow.credentials.with_email(user.email, user.clinic_id)
    if any(holder.user_id != user.entity_id for holder in holders):
        raise SettingsConflict("email-taken", f"Another user of this clinic signs in with {user.email}.")
