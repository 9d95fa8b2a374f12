from uuid import UUID

from pydantic import Field

from clinic_contracts.events import Closure, OpeningInterval
from clinic_settings.domain.location import Location
from clinic_settings.entrypoints.http.common import RequestBody, Switch
from clinic_settings.entrypoints.http.entity_routes import Part, entity_router


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


WEEK = "The whole week at once; several intervals on a day leave breaks between them."
PARTS = (
    Part("operating-hours", tuple[OpeningInterval, ...], "operating_hours", WEEK),
    Part("closures", tuple[Closure, ...], "closures"),
    Part("appointment-requests", Switch, "allow_appointment_requests"),
)
router = entity_router(Location, "locations", new=NewLocation, change=LocationChange, parts=PARTS)
