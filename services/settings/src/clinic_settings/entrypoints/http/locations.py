from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Body
from pydantic import Field

from clinic_contracts.events import Closure, LocationChanged, OpeningInterval
from clinic_settings.entrypoints.http.common import RequestBody, Runtime, Switch, changes_in
from clinic_settings.service_layer import locations, reading

router = APIRouter(tags=["locations"])


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


@router.post("/clinics/{clinic_id}/locations", status_code=201)
async def add_location(clinic_id: UUID, body: NewLocation, runtime: Runtime) -> LocationChanged:
    return (await locations.add_location(runtime, clinic_id, **dict(body))).as_event()


@router.get("/clinics/{clinic_id}/locations")
async def list_locations(clinic_id: UUID, runtime: Runtime) -> list[LocationChanged]:
    return [location.as_event() for location in await reading.of_clinic(runtime, "locations", clinic_id)]


@router.get("/locations/{location_id}")
async def get_location(location_id: UUID, runtime: Runtime) -> LocationChanged:
    return (await reading.one(runtime, "locations", location_id)).as_event()


@router.patch("/locations/{location_id}")
async def change_location(location_id: UUID, body: LocationChange, runtime: Runtime) -> LocationChanged:
    return (await locations.change_location(runtime, location_id, **changes_in(body))).as_event()


@router.put("/locations/{location_id}/operating-hours")
async def set_operating_hours(
    location_id: UUID, hours: Annotated[tuple[OpeningInterval, ...], Body()], runtime: Runtime
) -> LocationChanged:
    """The whole week at once; several intervals on a day leave breaks between them."""
    return (await locations.change_location(runtime, location_id, operating_hours=hours)).as_event()


@router.put("/locations/{location_id}/closures")
async def set_closures(
    location_id: UUID, closures: Annotated[tuple[Closure, ...], Body()], runtime: Runtime
) -> LocationChanged:
    return (await locations.change_location(runtime, location_id, closures=closures)).as_event()


@router.put("/locations/{location_id}/appointment-requests")
async def allow_appointment_requests(location_id: UUID, body: Switch, runtime: Runtime) -> LocationChanged:
    location = await locations.change_location(runtime, location_id, allow_appointment_requests=body.enabled)
    return location.as_event()
