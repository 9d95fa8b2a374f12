"""How a time reads to the person it is for: in the location's zone, in words."""

from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from clinic_contracts.preferred_times import PART_OF_DAY_HOURS, PreferredTimes, Weekday


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


@dataclass(frozen=True)
class LocalDates:
    """The local dates a request awaiting a time spans: its start is the first date's local
    midnight, its end the midnight after the last date (clinic_contracts.preferred_times)."""

    first: str  # "Tuesday 8 December 2026"
    last: str
    time_zone: str

    @classmethod
    def of(cls, start: datetime, end: datetime, time_zone: str) -> "LocalDates":
        zone = ZoneInfo(time_zone)
        first, last = start.astimezone(zone), (end - timedelta(seconds=1)).astimezone(zone)
        return cls(_day(first), _day(last), time_zone)

    def __str__(self) -> str:
        return f"a time the clinic picks between {self.first} and {self.last} ({self.time_zone})"


def moment_words(at: datetime, time_zone: str) -> str:
    """A deadline or an expiry: "Tuesday 8 December 2026, 17:00 (Europe/Berlin)"."""
    local = at.astimezone(ZoneInfo(time_zone))
    return f"{_day(local)}, {local:%H:%M} ({time_zone})"


def preferred_times_words(preferred: PreferredTimes, time_zone: str) -> str:
    """ "Tuesday or Thursday mornings (07:00–12:00), Tuesday 8 December 2026 to Monday 28 December 2026"."""
    days = [day.value.capitalize() for day in Weekday if day in preferred.weekdays]
    parts = [
        f"{part.value}s ({start:%H:%M}–{end:%H:%M})"
        for part, (start, end) in PART_OF_DAY_HOURS.items()
        if part in preferred.parts_of_day
    ]
    zone = ZoneInfo(time_zone)
    first = datetime.combine(preferred.date_from, datetime.min.time(), tzinfo=zone)
    last = datetime.combine(preferred.date_to, datetime.min.time(), tzinfo=zone)
    return f"{_either(days)} {_either(parts)}, {_day(first)} to {_day(last)} ({time_zone})"


def _either(words: list[str]) -> str:
    return f"{', '.join(words[:-1])} or {words[-1]}" if len(words) > 1 else words[0]


def _day(local: datetime) -> str:
    return f"{local:%A} {local.day} {local:%B %Y}"
