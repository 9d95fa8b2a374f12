"""How a time reads to the person it is for: in the location's zone, in words."""

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo


@dataclass(frozen=True)
class LocalVisitTime:
    """A visit's start and end as the location's wall clock shows them (no offset or UTC in the
    words; the zone is named once)."""

    day: str  # "Tuesday 9 March 2027"
    start: str  # "09:00"
    end: str  # "09:45"
    time_zone: str

    @classmethod
    def of(cls, start: datetime, end: datetime, time_zone: str) -> "LocalVisitTime":
        zone = ZoneInfo(time_zone)
        local_start, local_end = start.astimezone(zone), end.astimezone(zone)
        day = f"{local_start:%A} {local_start.day} {local_start:%B %Y}"
        return cls(day, f"{local_start:%H:%M}", f"{local_end:%H:%M}", time_zone)

    def __str__(self) -> str:
        return f"{self.day}, {self.start}–{self.end} ({self.time_zone})"
