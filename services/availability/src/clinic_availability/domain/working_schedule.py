"""A therapist's working schedule at one location: weekly hours that change on given dates, and
the exceptions to them (time off, extra hours)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time

from servicekit.errors import DomainError

from .intervals import Interval, normalise
from .local_days import LocalDay
from .weekly_hours import WeeklyHours, WorkingHours, with_exceptions


class ScheduleRejected(DomainError, ValueError):
    """A schedule an admin asked for breaks a rule; `code` is stable for API clients."""

    title = "The working hours were not changed"

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message, code=code)


@dataclass(frozen=True)
class WorkingSchedule:
    """`periods` are weekly hours with effective dates, no two in force on the same date; the
    exceptions apply as in `WorkingHours`: extra hours are added, then time off removed.

    Time off is the therapist's, whatever the location; extra hours belong to this location.
    """

    periods: Sequence[WorkingHours] = ()
    time_off: Sequence[Interval] = ()
    extra_hours: Sequence[Interval] = ()

    def __post_init__(self) -> None:
        periods = tuple(sorted(self.periods, key=lambda period: period.effective_from))
        for period in periods:
            if period.time_off or period.extra_hours:
                raise ValueError("exceptions belong to the schedule, not to one of its periods")
        for earlier, later in zip(periods, periods[1:], strict=False):
            if earlier.effective_to is None or earlier.effective_to >= later.effective_from:
                raise ScheduleRejected(
                    "overlapping-periods",
                    f"The hours from {earlier.effective_from} and those from "
                    f"{later.effective_from} are both in force on some dates; end the first "
                    "before the second takes effect.",
                )
        object.__setattr__(self, "periods", periods)
        object.__setattr__(self, "time_off", tuple(normalise(self.time_off)))
        object.__setattr__(self, "extra_hours", tuple(normalise(self.extra_hours)))

    def utc_intervals(self, days: Sequence[LocalDay]) -> list[Interval]:
        if not days:
            return []
        if len(self.periods) == 1:
            weekly = self.periods[0].utc_intervals(days)
        else:
            # Periods never share a date, so their hours only need sorting.
            weekly = normalise(interval for period in self.periods for interval in period.utc_intervals(days))
        return with_exceptions(weekly, days, self.extra_hours, self.time_off)


def weekly_hours(intervals: Iterable[tuple[int, time, time]]) -> WeeklyHours:
    """Weekly hours from (weekday, start, end) triples, refusing what an admin most likely typed
    by mistake: hours that end before they start, or two overlapping ranges on one weekday."""
    by_weekday: dict[int, list[tuple[time, time]]] = {}
    for weekday, start, end in intervals:
        if not start < end:
            raise ScheduleRejected(
                "hours-end-before-start",
                f"Hours on weekday {weekday} end at {end} before they start at {start}; "
                "hours end on the day they start.",
            )
        by_weekday.setdefault(weekday, []).append((start, end))
    for weekday, day_hours in by_weekday.items():
        day_hours.sort()
        for (_, earlier_end), (later_start, _) in zip(day_hours, day_hours[1:], strict=False):
            if later_start < earlier_end:
                raise ScheduleRejected("overlapping-hours", f"Two ranges of hours on weekday {weekday} overlap.")
    return WeeklyHours(by_weekday)


def working_period(hours: WeeklyHours, effective_from: date, effective_to: date | None) -> WorkingHours:
    if effective_to is not None and effective_to < effective_from:
        raise ScheduleRejected(
            "period-ends-before-it-starts",
            f"Hours in force from {effective_from} cannot end on {effective_to}.",
        )
    return WorkingHours(hours, effective_from, effective_to)


def exception_span(start: datetime, end: datetime) -> Interval:
    """One stretch of time off or extra hours."""
    if not start < end:
        raise ScheduleRejected("exception-ends-before-it-starts", f"Time off or extra hours from {start} end at {end}.")
    return Interval(start, end)
