from uuid import UUID, uuid4

from clinic_contracts.events import Closure, OpeningInterval
from clinic_settings.domain.location import Location
from clinic_settings.service_layer.unit_of_work import SettingsUnitOfWork, unit_of_work
from servicekit.runtime import ServiceRuntime


async def add_location(
    runtime: ServiceRuntime,
    clinic_id: UUID,
    *,
    name: str,
    time_zone: str,
    address: str = "",
    operating_hours: tuple[OpeningInterval, ...] = (),
    closures: tuple[Closure, ...] = (),
    allow_appointment_requests: bool = False,
    location_id: UUID | None = None,
) -> Location:
    location = Location(
        location_id=location_id or uuid4(),
        clinic_id=clinic_id,
        name=name,
        time_zone=time_zone,
        address=address,
        operating_hours=operating_hours,
        closures=closures,
        allow_appointment_requests=allow_appointment_requests,
    )
    async with unit_of_work(runtime) as uow:
        return await add_location_in(uow, location)


async def add_location_in(uow: SettingsUnitOfWork, location: Location) -> Location:
    await uow.clinic(location.clinic_id)
    await uow.require_new(uow.locations, location.entity_id)
    return await uow.add(uow.locations, location)


async def change_location(runtime: ServiceRuntime, location_id: UUID, **changes) -> Location:
    async with unit_of_work(runtime) as uow:
        return await change_location_in(uow, location_id, **changes)


async def change_location_in(uow: SettingsUnitOfWork, location_id: UUID, **changes) -> Location:
    """Name, zone, address, hours, closures or whether it allows requests; disallowing blocks new
    requests there and deletes nothing."""
    location = await uow.existing(uow.locations, location_id, for_update=True)
    return await uow.replace(uow.locations, location, location.changed(**changes))
