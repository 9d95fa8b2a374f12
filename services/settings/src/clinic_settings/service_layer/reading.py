"""Reading settings back: one entity by id, or all of one kind in a clinic."""

from uuid import UUID

from servicekit.runtime import ServiceRuntime

from clinic_settings.domain.entity import SettingsEntity
from clinic_settings.service_layer.unit_of_work import unit_of_work


async def one(runtime: ServiceRuntime, repository: str, entity_id: UUID) -> SettingsEntity:
    """`repository` names one of the unit of work's, such as "locations"."""
    async with unit_of_work(runtime) as uow:
        return await uow.existing(getattr(uow, repository), entity_id)


async def of_clinic(runtime: ServiceRuntime, repository: str, clinic_id: UUID, **equal_to) -> list[SettingsEntity]:
    async with unit_of_work(runtime) as uow:
        await uow.clinic(clinic_id)
        return await getattr(uow, repository).of_clinic(clinic_id, **equal_to)
