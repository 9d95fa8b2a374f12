from uuid import UUID, uuid4

from clinic_contracts.events import StaffPermission
from clinic_settings.domain.staff_user import StaffUser, require_an_admin_left
from clinic_settings.service_layer.unit_of_work import unit_of_work
from clinic_settings.service_layer.users import PasswordHashing, add_user, new_password_hash, replace_user
from servicekit.runtime import ServiceRuntime


async def add_staff_user(
    runtime: ServiceRuntime,
    passwords: PasswordHashing,
    clinic_id: UUID,
    *,
    name: str,
    email: str,
    password: str,
    permissions: tuple[StaffPermission, ...] = (),
    all_locations: bool = False,
    location_ids: tuple[UUID, ...] = (),
    staff_user_id: UUID | None = None,
) -> StaffUser:
    """With a password chosen by whoever adds them: for operators' jobs such as the demo loader. A
    clinic invites people instead (service_layer.invitations)."""
    user = StaffUser(
        staff_user_id=staff_user_id or uuid4(),
        clinic_id=clinic_id,
        name=name,
        email=email,
        permissions=permissions,
        all_locations=all_locations,
        location_ids=location_ids,
    )
    password_hash = await new_password_hash(passwords, password)
    async with unit_of_work(runtime) as uow:
        return await add_user(uow, user, password_hash)


async def change_staff_user(runtime: ServiceRuntime, staff_user_id: UUID, **changes) -> StaffUser:
    """Name, email, active flag, permissions or assigned locations; the clinic's last active admin
    keeps the Admin permission."""
    async with unit_of_work(runtime) as uow:
        user = await uow.existing(uow.staff_users, staff_user_id, for_update=True)
        changed = user.changed(**changes)
        await uow.all_referenced(uow.locations, changed.location_ids, changed.clinic_id)
        if user.administers and not changed.administers:
            # The clinic's row is the lock: of two admins taking each other's permission at once,
            # the second reads the first's change and is refused.
            await uow.clinics.get(changed.clinic_id, for_update=True)
            colleagues = await uow.staff_users.of_clinic(changed.clinic_id)
            require_an_admin_left(changed, colleagues)
        return await replace_user(uow, user, changed)
