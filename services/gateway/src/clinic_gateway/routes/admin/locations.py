"""Locations: where the clinic sees patients, each in its own IANA time zone, with its hours and
closures. Deactivating one keeps its history and takes no more requests there."""

from fastapi import APIRouter
from pydantic import Field

from clinic_contracts.events import Closure, LocationChanged, OpeningInterval
from clinic_gateway.routes.admin.clinic import ON, Switch
from clinic_gateway.routes.admin.common import NAME_REQUIRED, AdminBody, examples, refused
from clinic_gateway.routes.admin.pass_through import Change, Creation, Entity, add_routes

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


add_routes(
    router,
    Entity("locations", "location_id", LocationChanged),
    Creation(
        "add_location",
        NewLocation,
        NEW_LOCATION,
        (*LOCATION_REFUSED, *HOURS_REFUSED, CLOSURES_REFUSED),
        doc="A new location; it takes requests only once they are allowed there.",
    ),
    Change(
        "change_location",
        "PATCH",
        "",
        LocationChange,
        LOCATION_CHANGES,
        LOCATION_REFUSED,
        doc="Name, address, time zone, or deactivate / reactivate. A reactivated location takes requests again"
        " only once they are allowed there again.",
    ),
    Change(
        "allow_location_requests",
        "PUT",
        "appointment-requests",
        Switch,
        ON,
        (REQUESTS_AT_INACTIVE,),
        doc="Whether portal users may request appointments at this location (never while it is deactivated).",
    ),
    Change(
        "set_operating_hours",
        "PUT",
        "operating-hours",
        list[OpeningInterval],
        HOURS,
        HOURS_REFUSED,
        doc="The location's weekly opening hours in its local time (a lunch break is the gap between two).",
    ),
    Change(
        "set_closures",
        "PUT",
        "closures",
        list[Closure],
        CLOSURES,
        (CLOSURES_REFUSED,),
        doc="Whole local days the location is closed (replaces the list).",
    ),
)
