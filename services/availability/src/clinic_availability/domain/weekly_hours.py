"""Weekly local hours of a location or a therapist, turned into UTC intervals for given days."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, time, timedelta
from types import MappingProxyType

from .intervals import Interval, intersect, normalise, subtract, union
from .local_days import LocalDay

LocalHours = tuple[time, time]


def _since_midnight(wall: time) -> timedelta:
    return timedelta(hours=wall.hour, minutes=wall.minute, seconds=wall.second, microseconds=wall.microsecond)


@dataclass(frozen=True)
class WeeklyHours:
    """Hours that repeat every week, in local wall-clock time.

    `hours` maps a weekday (0 = Monday .. 6 = Sunday) to that day's (start, end) times; a gap
    between two of them is a break, such as lunch. Hours end on the day they start.
    """

    hours: Mapping[int, Sequence[LocalHours]]
    _wall_clock: tuple[tuple[tuple[timedelta, timedelta], ...], ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        by_weekday: list[list[tuple[timedelta, timedelta]]] = [[] for _ in range(7)]
        for weekday, day_hours in self.hours.items():
            if weekday not in range(7):
                raise ValueError(f"weekday must be 0 (Monday) to 6 (Sunday), not {weekday}")
            for start, end in sorted(day_hours):
                if start.tzinfo is not None or end.tzinfo is not None:
                    raise ValueError("weekly hours are local wall-clock times, without a zone")
                if not start < end:
                    raise ValueError(f"hours must end after they start: {start} .. {end}")
                merged = by_weekday[weekday]
                since_start, since_end = _since_midnight(start), _since_midnight(end)
                if merged and since_start <= merged[-1][1]:
                    merged[-1] = (merged[-1][0], max(merged[-1][1], since_end))
                else:
                    merged.append((since_start, since_end))
        frozen_hours = {weekday: tuple(day_hours) for weekday, day_hours in self.hours.items()}
        object.__setattr__(self, "hours", MappingProxyType(frozen_hours))
        object.__setattr__(self, "_wall_clock", tuple(tuple(day) for day in by_weekday))

    def utc_intervals(self, days: Sequence[LocalDay]) -> list[Interval]:
        intervals: list[Interval] = []
        wall_clock = self._wall_clock
        for day in days:
            day_hours = wall_clock[day.date.weekday()]
            if day.offset is not None:
                midnight = day.start
                for since_start, since_end in day_hours:
                    intervals.append(Interval(midnight + since_start, midnight + since_end))
                continue
            # On a clock-change day, moving wall times out of the spring-forward gap (see
            # LocalDay.instant) can empty a range, make two overlap, or push one past midnight,
            # where it is cut: hours end on the day they start.
            converted = []
            for since_start, since_end in day_hours:
                start, end = day.instant(since_start), min(day.instant(since_end), day.end)
                if start < end:
                    converted.append(Interval(start, end))
            intervals.extend(normalise(converted))
        return intervals


@dataclass(frozen=True)
class Closure:
    """Local dates, `first_day` to `last_day` included, on which a location is closed."""

    first_day: date
    last_day: date

    def __post_init__(self) -> None:
        if self.last_day < self.first_day:
            raise ValueError(f"closure ends before it starts: {self.first_day} .. {self.last_day}")


@dataclass(frozen=True)
class WorkingHours:
    """A therapist's weekly hours at one location, from `effective_from` to `effective_to`
    (local dates, included; no end date means until further notice), with exceptions in UTC:
    `extra_hours` are added whatever the weekly hours and effective dates say, then `time_off`
    is removed, so time off wins where the two overlap.
    """

    weekly: WeeklyHours
    effective_from: date
    effective_to: date | None = None
    time_off: Sequence[Interval] = ()
    extra_hours: Sequence[Interval] = ()

    def __post_init__(self) -> None:
        if self.effective_to is not None and self.effective_to < self.effective_from:
            raise ValueError("working hours end before they take effect")
        object.__setattr__(self, "time_off", tuple(normalise(self.time_off)))
        object.__setattr__(self, "extra_hours", tuple(normalise(self.extra_hours)))

    def is_effective_on(self, day: date) -> bool:
        return self.effective_from <= day and (self.effective_to is None or day <= self.effective_to)

    def utc_intervals(self, days: Sequence[LocalDay]) -> list[Interval]:
        if not days:
            return []
        if self.is_effective_on(days[0].date) and self.is_effective_on(days[-1].date):
            effective_days = days
        else:
            effective_days = [day for day in days if self.is_effective_on(day.date)]
        intervals = self.weekly.utc_intervals(effective_days)
        return with_exceptions(intervals, days, self.extra_hours, self.time_off)


def with_exceptions(
    intervals: list[Interval],
    days: Sequence[LocalDay],
    extra_hours: Sequence[Interval],
    time_off: Sequence[Interval],
) -> list[Interval]:
    """Working `intervals` on `days` with the extra hours on those days added, then time off
    removed. All three lists normalised."""
    if extra_hours:
        span = [Interval(days[0].start, days[-1].end)]
        intervals = union(intervals, intersect(extra_hours, span))
    return subtract(intervals, time_off)
