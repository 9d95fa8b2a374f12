"""A place where the clinic sees patients, with its own time zone, hours and closures."""

from dataclasses import dataclass
from typing import Any, Self
from uuid import UUID

from clinic_contracts.events import Closure, LocationChanged, OpeningInterval
from clinic_settings.domain.closures import checked_closures
from clinic_settings.domain.entity import SettingsEntity, normalise
from clinic_settings.domain.errors import SettingsRuleBroken
from clinic_settings.domain.names import required_name
from clinic_settings.domain.operating_hours import checked_operating_hours
from clinic_settings.domain.time_zones import require_time_zone


@dataclass(frozen=True, kw_only=True)
class Location(SettingsEntity, kind="location", event=LocationChanged, id_field="location_id"):
    location_id: UUID
    name: str
    time_zone: str
    address: str = ""
    # Off until an admin opts the location in: portal users only see locations that allow requests.
    allow_appointment_requests: bool = False
    operating_hours: tuple[OpeningInterval, ...] = ()
    closures: tuple[Closure, ...] = ()
    active: bool = True

    def __post_init__(self) -> None:
        if not self.active:
            # Deactivated, it takes no requests; turning it back on leaves requests off until an
            # admin allows them again, as a new location starts.
            normalise(self, "allow_appointment_requests", False)
        normalise(self, "name", required_name(self.name, "location name"))
        normalise(self, "address", self.address.strip())
        require_time_zone(self.time_zone)
        normalise(self, "operating_hours", checked_operating_hours(self.operating_hours))
        normalise(self, "closures", checked_closures(self.closures))

    def changed(self, **changes: Any) -> Self:
        """Deactivating turns requests off; allowing them at a deactivated location is refused
        rather than silently left off."""
        if changes.get("allow_appointment_requests") and not changes.get("active", self.active):
            raise SettingsRuleBroken(
                "location-inactive", f"{self.name} is deactivated; reactivate it before allowing requests there."
            )
        return super().changed(**changes)
