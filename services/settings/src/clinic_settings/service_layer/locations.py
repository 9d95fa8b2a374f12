from uuid import UUID, uuid4

from clinic_contracts.events import Closure, OpeningInterval
from servicekit.runtime import ServiceRuntime

from clinic_settings.domain.location import Location
from clinic_settings.service_layer.unit_of_work import unit_of_work


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
        await uow.clinic(clinic_id)
        await uow.require_new(uow.locations, location.entity_id)
        return await uow.add(uow.locations, location)


async def change_location(runtime: ServiceRuntime, location_id: UUID, **changes) -> Location:
    """Name, zone, address, hours, closures or whether it allows requests; disallowing blocks new
    requests there and deletes nothing."""
    async with unit_of_work(runtime) as uow:
        location = await uow.existing(uow.locations, location_id, for_update=True)
        return await uow.replace(uow.locations, location, location.changed(**changes))
