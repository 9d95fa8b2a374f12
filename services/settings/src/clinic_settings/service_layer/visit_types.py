from uuid import UUID, uuid4

from clinic_settings.domain.visit_type import VisitType
from clinic_settings.service_layer.unit_of_work import SettingsUnitOfWork, unit_of_work
from servicekit.runtime import ServiceRuntime


async def add_visit_type(
    runtime: ServiceRuntime,
    clinic_id: UUID,
    *,
    name: str,
    duration_minutes: int,
    active: bool = True,
    visit_type_id: UUID | None = None,
) -> VisitType:
    visit_type = VisitType(
        visit_type_id=visit_type_id or uuid4(),
        clinic_id=clinic_id,
        name=name,
        duration_minutes=duration_minutes,
        active=active,
    )
    async with unit_of_work(runtime) as uow:
        return await add_visit_type_in(uow, visit_type)


async def add_visit_type_in(uow: SettingsUnitOfWork, visit_type: VisitType) -> VisitType:
    await uow.clinic(visit_type.clinic_id)
    await uow.require_new(uow.visit_types, visit_type.entity_id)
    return await uow.add(uow.visit_types, visit_type)


async def change_visit_type(runtime: ServiceRuntime, visit_type_id: UUID, **changes) -> VisitType:
    async with unit_of_work(runtime) as uow:
        return await change_visit_type_in(uow, visit_type_id, **changes)


async def change_visit_type_in(uow: SettingsUnitOfWork, visit_type_id: UUID, **changes) -> VisitType:
    """Deactivating one keeps it on the cases that allow it; it just stops being requestable."""
    visit_type = await uow.existing(uow.visit_types, visit_type_id, for_update=True)
    return await uow.replace(uow.visit_types, visit_type, visit_type.changed(**changes))
