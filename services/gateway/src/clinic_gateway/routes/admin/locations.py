"""Locations: where the clinic sees patients, each in its own IANA time zone, with its hours and
closures. Deactivating one keeps its history and takes no more requests there."""

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Body, Response
from pydantic import Field

from clinic_contracts.events import Closure, LocationChanged, OpeningInterval
from clinic_gateway.identity import Admin, ServicesDep
from clinic_gateway.problems import problems
from clinic_gateway.routes.admin.clinic import ON, Switch
from clinic_gateway.routes.admin.common import (
    ADMIN_PROBLEMS,
    NAME_REQUIRED,
    AdminBody,
    change_in_own_clinic,
    create_in_own_clinic,
    dump,
    examples,
    refused,
)

router = APIRouter()

UNKNOWN_TIME_ZONE = refused("unknown-time-zone", "'Europe/Londres' is not an IANA time zone, such as Europe/London.")
HOURS_REFUSED = (
    refused("opening-hours-overlap", "Monday 08:00-12:00 and Monday 11:00-17:00 overlap."),
    refused("opening-hours-end-before-start", "Monday 17:00-08:00 does not end after it starts."),
)
CLOSURES_REFUSED = refused(
    "closure-ends-before-it-starts", "The closure from 2026-12-25 ends on 2026-12-24, before it starts."
)
LOCATION_REFUSED = (NAME_REQUIRED, UNKNOWN_TIME_ZONE)
REQUESTS_AT_INACTIVE = refused(
    "location-inactive", "Harborview Pasadena is deactivated; reactivate it before allowing requests there."
)


class NewLocation(AdminBody):
    name: str
    time_zone: str = Field(description="An IANA time zone: the location's hours and closures are in its local time")
    address: str = ""
    operating_hours: list[OpeningInterval] = Field(default=[], max_length=200)
    closures: list[Closure] = Field(default=[], max_length=500)
    allow_appointment_requests: bool = False


class LocationChange(AdminBody):
    """Only the fields given change."""

    name: str | None = None
    time_zone: str | None = None
    address: str | None = None
    active: bool | None = Field(
        default=None, description="false deactivates: no more requests there, history kept; true reactivates"
    )


_WEEKDAYS_WITH_LUNCH = [
    {"weekday": day, "start": start, "end": end}
    for day in range(5)
    for start, end in (("08:00:00", "12:00:00"), ("13:00:00", "17:00:00"))
]
HOURS = examples("Weekdays 8 to 5, lunch from 12 to 1", _WEEKDAYS_WITH_LUNCH)
CLOSURES = examples("Holidays", [{"first_day": "2026-12-24", "last_day": "2026-12-25", "reason": "Christmas"}])
NEW_LOCATION = examples(
    "A location in London, open weekdays",
    {
        "name": "Harborview London",
        "address": "1 King's Road, London SW3 4AA",
        "time_zone": "Europe/London",
        "operating_hours": [{"weekday": day, "start": "09:00:00", "end": "17:00:00"} for day in range(5)],
        "closures": [{"first_day": "2026-12-25", "last_day": "2026-12-26", "reason": "Christmas"}],
        "allow_appointment_requests": False,
    },
)
LOCATION_CHANGES = {
    "rename": {"summary": "A new name and address", "value": {"name": "Harborview Midtown", "address": "5 Main St"}},
    "deactivate": {"summary": "Deactivate", "value": {"active": False}},
}


@router.post(
    "/locations",
    status_code=201,
    response_model=LocationChanged,
    responses=problems(*ADMIN_PROBLEMS, *LOCATION_REFUSED, *HOURS_REFUSED, CLOSURES_REFUSED),
)
async def add_location(
    body: Annotated[NewLocation, Body(openapi_examples=NEW_LOCATION)], admin: Admin, gateway: ServicesDep
) -> Response:
    """A new location; it takes requests only once they are allowed there."""
    return await create_in_own_clinic(gateway, admin, "locations", "location_id", body)


@router.patch(
    "/locations/{location_id}", response_model=LocationChanged, responses=problems(*ADMIN_PROBLEMS, *LOCATION_REFUSED)
)
async def change_location(
    location_id: UUID,
    body: Annotated[LocationChange, Body(openapi_examples=LOCATION_CHANGES)],
    admin: Admin,
    gateway: ServicesDep,
) -> Response:
    """Name, address, time zone, or deactivate / reactivate. A reactivated location takes requests
    again only once they are allowed there again."""
    return await change_in_own_clinic(gateway, admin, "locations", location_id, "PATCH", "", body)


@router.put(
    "/locations/{location_id}/appointment-requests",
    response_model=LocationChanged,
    responses=problems(*ADMIN_PROBLEMS, REQUESTS_AT_INACTIVE),
)
async def allow_location_requests(
    location_id: UUID, body: Annotated[Switch, Body(openapi_examples=ON)], admin: Admin, gateway: ServicesDep
) -> Response:
    """Whether portal users may request appointments at this location (never while it is deactivated)."""
    return await change_in_own_clinic(gateway, admin, "locations", location_id, "PUT", "appointment-requests", body)


@router.put(
    "/locations/{location_id}/operating-hours",
    response_model=LocationChanged,
    responses=problems(*ADMIN_PROBLEMS, *HOURS_REFUSED),
)
async def set_operating_hours(
    location_id: UUID,
    hours: Annotated[list[OpeningInterval], Body(openapi_examples=HOURS)],
    admin: Admin,
    gateway: ServicesDep,
) -> Response:
    """The location's weekly opening hours in its local time (a lunch break is the gap between two)."""
    return await change_in_own_clinic(gateway, admin, "locations", location_id, "PUT", "operating-hours", dump(hours))


@router.put(
    "/locations/{location_id}/closures",
    response_model=LocationChanged,
    responses=problems(*ADMIN_PROBLEMS, CLOSURES_REFUSED),
)
async def set_closures(
    location_id: UUID,
    closures: Annotated[list[Closure], Body(openapi_examples=CLOSURES)],
    admin: Admin,
    gateway: ServicesDep,
) -> Response:
    """Whole local days the location is closed (replaces the list)."""
    return await change_in_own_clinic(gateway, admin, "locations", location_id, "PUT", "closures", dump(closures))
