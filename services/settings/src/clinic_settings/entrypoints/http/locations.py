from typing import Annotated
from uuid import UUID

from fastapi import Body
from pydantic import Field

from clinic_contracts.events import Closure, LocationChanged, OpeningInterval
from clinic_settings.domain.location import Location
from clinic_settings.entrypoints.http.common import RequestBody, Switch
from clinic_settings.entrypoints.http.entity_routes import UnitOfWork, entity_router
from clinic_settings.service_layer import entities


class NewLocation(RequestBody):
    location_id: UUID | None = None
    name: str = Field(max_length=200)
    time_zone: str = Field(examples=["America/New_York"])
    address: str = ""
    operating_hours: tuple[OpeningInterval, ...] = ()
    closures: tuple[Closure, ...] = ()
    allow_appointment_requests: bool = False


class LocationChange(RequestBody):
    name: str | None = Field(default=None, max_length=200)
    time_zone: str | None = None
    address: str | None = None
    active: bool | None = Field(default=None, description="false deactivates: no requests, history kept")


router = entity_router(Location, "locations", new=NewLocation, change=LocationChange)


@router.put("/locations/{location_id}/operating-hours")
async def set_operating_hours(
    location_id: UUID, hours: Annotated[tuple[OpeningInterval, ...], Body()], uow: UnitOfWork
) -> LocationChanged:
    """The whole week at once; several intervals on a day leave breaks between them."""
    return (await entities.change(uow, Location, location_id, operating_hours=hours)).as_event()


@router.put("/locations/{location_id}/closures")
async def set_closures(
    location_id: UUID, closures: Annotated[tuple[Closure, ...], Body()], uow: UnitOfWork
) -> LocationChanged:
    return (await entities.change(uow, Location, location_id, closures=closures)).as_event()


@router.put("/locations/{location_id}/appointment-requests")
async def allow_appointment_requests(location_id: UUID, body: Switch, uow: UnitOfWork) -> LocationChanged:
    """Disallowing blocks new requests there; it deletes nothing."""
    return (await entities.change(uow, Location, location_id, allow_appointment_requests=body.enabled)).as_event()
