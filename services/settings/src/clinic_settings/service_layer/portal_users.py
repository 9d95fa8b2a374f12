from uuid import UUID, uuid4

from clinic_contracts.events import PortalUserRole
from clinic_settings.domain.portal_user import PortalUser
from clinic_settings.service_layer.unit_of_work import unit_of_work
from clinic_settings.service_layer.users import PasswordHashing, add_user, new_password_hash, replace_user
from servicekit.runtime import ServiceRuntime


async def register_portal_user(
    runtime: ServiceRuntime,
    passwords: PasswordHashing,
    clinic_id: UUID,
    *,
    name: str,
    email: str,
    password: str,
    role: PortalUserRole,
    patient_ids: tuple[UUID, ...] = (),
    portal_user_id: UUID | None = None,
) -> PortalUser:
    """With a password chosen by whoever registers them: for operators' jobs such as the demo
    loader. A clinic invites people instead (service_layer.invitations)."""
    user = PortalUser(
        portal_user_id=portal_user_id or uuid4(),
        clinic_id=clinic_id,
        name=name,
        email=email,
        role=role,
        patient_ids=patient_ids,
    )
    password_hash = await new_password_hash(passwords, password)
    async with unit_of_work(runtime) as uow:
        return await add_user(uow, user, password_hash)


async def change_portal_user(runtime: ServiceRuntime, portal_user_id: UUID, **changes) -> PortalUser:
    """Name, email, active flag, or the linked patients. Deactivating or unlinking stops new
    requests and sign-ins; it deletes nothing."""
    async with unit_of_work(runtime) as uow:
        user = await uow.existing(uow.portal_users, portal_user_id, for_update=True)
        changed = user.changed(**changes)
        await uow.all_referenced(uow.patients, changed.patient_ids, changed.clinic_id)
        return await replace_user(uow, user, changed)
