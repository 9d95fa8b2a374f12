"""Everything that decides one therapist's availability at one location, and the hours it gives."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from zoneinfo import ZoneInfo

from .intervals import Interval, intersect, normalise
from .local_days import ONE_DAY, LocalDay, local_days
from .policy import RequestPolicy
from .weekly_hours import Closure, WeeklyHours, WorkingHours
from .working_schedule import WorkingSchedule


@dataclass(frozen=True)
class AvailabilityContext:
    """The inputs for one therapist, one location and one visit type.

    `busy` holds the therapist's appointments, blocks and the pending requests that the clinic's
    hold policy says still hold their time; the caller applies that policy.
    """

    location_zone: ZoneInfo
    location_hours: WeeklyHours
    location_closures: Sequence[Closure]
    working_hours: WorkingHours | WorkingSchedule
    busy: Sequence[Interval]
    visit_duration: timedelta
    policy: RequestPolicy

    def __post_init__(self) -> None:
        if self.visit_duration <= timedelta(0):
            raise ValueError("visit duration must be positive")
        object.__setattr__(self, "location_closures", tuple(self.location_closures))
        object.__setattr__(self, "busy", tuple(normalise(self.busy)))

    def local_days(self, first: date, last: date) -> list[LocalDay]:
        return local_days(self.location_zone, first, last)

    def closed_dates(self, days: Sequence[LocalDay]) -> set[date]:
        """The dates among `days` on which the location is closed."""
        if not days:
            return set()
        first, last = days[0].date, days[-1].date
        closed = set()
        for closure in self.location_closures:
            day, until = max(closure.first_day, first), min(closure.last_day, last)
            while day <= until:
                closed.add(day)
                day += ONE_DAY
        return closed

    def location_closed(self, days: Sequence[LocalDay]) -> list[Interval]:
        """Closed days as UTC intervals."""
        closed = self.closed_dates(days)
        return normalise(Interval(day.start, day.end) for day in days if day.date in closed)

    def location_open(self, days: Sequence[LocalDay]) -> list[Interval]:
        """The location's weekly hours on the given days, closures removed."""
        closed = self.closed_dates(days)
        return self.location_hours.utc_intervals([day for day in days if day.date not in closed])

    def working(self, days: Sequence[LocalDay]) -> list[Interval]:
        return self.working_hours.utc_intervals(days)

    def open_hours(self, days: Sequence[LocalDay]) -> list[Interval]:
        """When the location is open and the therapist works there: the slot grid's windows."""
        return intersect(self.location_open(days), self.working(days))
