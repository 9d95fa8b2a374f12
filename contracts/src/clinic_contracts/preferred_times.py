"""Preferred times: the windows a portal user can say when no exact slot suits ("Tuesday or
Thursday mornings over the next three weeks"), and the one rule of which times lie inside them.

A window is a weekday and a part of the day, on the local dates `date_from` to `date_to` (both
included), read in the location's IANA zone: a morning is a local morning on either side of a
daylight-saving change, whatever the UTC offset. A visit lies inside the windows when its local
start falls in one of them (an 11:30 visit is a morning visit). The scheduler's list of matching
slots (the gateway) and the scheduler's choice of a time (the request service) both ask
`PreferredTimes.admits`, so the two cannot disagree.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from pydantic import BaseModel, ConfigDict, Field


class PartOfDay(StrEnum):
    MORNING = "morning"
    AFTERNOON = "afternoon"
    EVENING = "evening"


# Local wall-clock hours of each part of the day: from (included) to (excluded).
PART_OF_DAY_HOURS: dict[PartOfDay, tuple[time, time]] = {
    PartOfDay.MORNING: (time(7, 0), time(12, 0)),
    PartOfDay.AFTERNOON: (time(12, 0), time(17, 0)),
    PartOfDay.EVENING: (time(17, 0), time(21, 0)),
}


class Weekday(StrEnum):
    """In ISO order (Monday first), as `date.weekday()` counts them."""

    MONDAY = "monday"
    TUESDAY = "tuesday"
    WEDNESDAY = "wednesday"
    THURSDAY = "thursday"
    FRIDAY = "friday"
    SATURDAY = "saturday"
    SUNDAY = "sunday"

    @classmethod
    def of(cls, day: date) -> Weekday:
        return list(cls)[day.weekday()]


def part_of_day(local: time) -> PartOfDay | None:
    """The part of the day a local wall-clock time falls in; None at night."""
    return next((part for part, (start, end) in PART_OF_DAY_HOURS.items() if start <= local < end), None)


class PreferredTimes(BaseModel):
    """Weekdays × parts of the day over local dates, in the location's time zone."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    weekdays: tuple[Weekday, ...] = Field(min_length=1, max_length=7)
    parts_of_day: tuple[PartOfDay, ...] = Field(min_length=1, max_length=3)
    date_from: date = Field(description="The first local date (included)")
    date_to: date = Field(description="The last local date (included)")

    def admits(self, start: datetime, zone: ZoneInfo) -> bool:
        """Whether a visit starting at the aware instant `start` lies inside the windows."""
        local = start.astimezone(zone)
        return (
            self.date_from <= local.date() <= self.date_to
            and Weekday.of(local.date()) in self.weekdays
            and part_of_day(local.time()) in self.parts_of_day
        )

    def first_moment(self, zone: ZoneInfo) -> datetime:
        """The UTC instant the first local date begins."""
        return _local_midnight(self.date_from, zone)

    def last_date_begins(self, zone: ZoneInfo) -> datetime:
        """The UTC instant the last local date begins."""
        return _local_midnight(self.date_to, zone)

    def last_moment(self, zone: ZoneInfo) -> datetime:
        """The UTC instant the last local date ends (the next date's midnight)."""
        return _local_midnight(self.date_to + timedelta(days=1), zone)


def _local_midnight(day: date, zone: ZoneInfo) -> datetime:
    return datetime.combine(day, time(0), tzinfo=zone).astimezone(UTC)
