"""What portal and staff users share: an email unique in the clinic, and a password."""

from typing import Any, Protocol, TypeVar
from uuid import UUID

from clinic_settings.domain.credentials import Credentials, UserKind
from clinic_settings.domain.passwords import require_acceptable_password
from clinic_settings.domain.portal_user import PortalUser
from clinic_settings.domain.staff_user import StaffUser
from clinic_settings.service_layer import entities
from clinic_settings.service_layer.entity_checks import require_email_free
from clinic_settings.service_layer.unit_of_work import EntityRepository, SettingsUnitOfWork

U = TypeVar("U", PortalUser, StaffUser)


class PasswordHashing(Protocol):
    async def hash(self, password: str) -> str: ...

    async def matches(self, password_hash: str, password: str) -> bool: ...

    async def refuse_unknown_user(self, password: str) -> bool: ...


def users_of_kind(uow: SettingsUnitOfWork, kind: UserKind) -> EntityRepository[Any]:
    return uow.staff_users if kind is UserKind.STAFF else uow.portal_users


async def new_password_hash(passwords: PasswordHashing, password: str) -> str:
    require_acceptable_password(password)
    return await passwords.hash(password)


async def add_user(uow: SettingsUnitOfWork, user: U, password_hash: str | None) -> U:
    """A new user of an existing clinic, linked to its patients or locations only, with an email no
    one else there has; without a password hash until they accept their invitation."""
    async with uow:
        await entities.add(uow, user)
        await require_email_free(uow, user)
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


async def add_user_with_password(uow: SettingsUnitOfWork, passwords: PasswordHashing, user: U, password: str) -> U:
    """With a password chosen by whoever adds them: for operators' jobs such as the demo loader. A
    clinic invites people instead (service_layer.invitations)."""
    return await add_user(uow, user, await new_password_hash(passwords, password))


async def change_password(
    uow: SettingsUnitOfWork, passwords: PasswordHashing, kind: UserKind, user_id: UUID, password: str
) -> None:
    """The hash is in no event, so a new password publishes nothing."""
    password_hash = await new_password_hash(passwords, password)
    async with uow:
        await uow.existing(users_of_kind(uow, kind), user_id, for_update=True)
        await uow.credentials.change_password_hash(user_id, password_hash)
