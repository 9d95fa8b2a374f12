"""Builders for availability domain tests: readable defaults, overridden per test."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from clinic_availability.domain import (
    AvailabilityContext,
    Closure,
    Interval,
    RequestPolicy,
    WeeklyHours,
    WorkingHours,
)

UTC = UTC
NEW_YORK = ZoneInfo("America/New_York")
LONDON = ZoneInfo("Europe/London")

WEEKDAYS = range(5)
OFFICE_HOURS = WeeklyHours({day: [(time(8), time(12)), (time(13), time(17))] for day in WEEKDAYS})


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


def local(zone: ZoneInfo, year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=zone)


def between(start: datetime, end: datetime) -> Interval:
    return Interval(start, end)


def hours(*ranges: tuple[int, int] | tuple[time, time]) -> list[tuple[time, time]]:
    """hours((8, 12), (13, 17)) for whole hours, or pairs of `time` for anything finer."""
    return [(r[0], r[1]) if isinstance(r[0], time) else (time(r[0]), time(r[1])) for r in ranges]


def every_day(*ranges: tuple[int, int] | tuple[time, time]) -> WeeklyHours:
    return WeeklyHours({day: hours(*ranges) for day in range(7)})


def policy(
    notice: timedelta = timedelta(0),
    horizon: timedelta = timedelta(days=365),
    interval: timedelta = timedelta(minutes=15),
) -> RequestPolicy:
    return RequestPolicy(minimum_notice=notice, booking_horizon=horizon, slot_interval=interval)


def context(
    zone: ZoneInfo = NEW_YORK,
    location_hours: WeeklyHours = OFFICE_HOURS,
    closures: Sequence[Closure] = (),
    working_hours: WeeklyHours | WorkingHours = OFFICE_HOURS,
    busy: Sequence[Interval] = (),
    visit: timedelta = timedelta(minutes=45),
    request_policy: RequestPolicy | None = None,
) -> AvailabilityContext:
    if isinstance(working_hours, WeeklyHours):
        working_hours = WorkingHours(working_hours, effective_from=date(2020, 1, 1))
    return AvailabilityContext(
        location_zone=zone,
        location_hours=location_hours,
        location_closures=closures,
        working_hours=working_hours,
        busy=busy,
        visit_duration=visit,
        policy=request_policy or policy(),
    )
