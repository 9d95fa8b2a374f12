"""Admin actions on the clinic; each change is stored and published in one transaction."""

from uuid import UUID, uuid4

from clinic_settings.domain.clinic import Clinic
from clinic_settings.service_layer.unit_of_work import unit_of_work
from servicekit.runtime import ServiceRuntime


async def create_clinic(runtime: ServiceRuntime, *, name: str, time_zone: str, clinic_id: UUID | None = None) -> Clinic:
    clinic = Clinic(clinic_id=clinic_id or uuid4(), name=name, time_zone=time_zone)
    async with unit_of_work(runtime) as uow:
        await uow.require_new(uow.clinics, clinic.clinic_id)
        return await uow.add(uow.clinics, clinic)


async def change_clinic(runtime: ServiceRuntime, clinic_id: UUID, **changes) -> Clinic:
    """Name, time zone, request policy, or the appointment-requests switch. Turning requests off
    blocks new ones; it deletes nothing."""
    async with unit_of_work(runtime) as uow:
        clinic = await uow.existing(uow.clinics, clinic_id, for_update=True)
        return await uow.replace(uow.clinics, clinic, clinic.changed(**changes))
