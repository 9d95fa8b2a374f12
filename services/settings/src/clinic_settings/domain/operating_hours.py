"""A location's weekly operating hours: several intervals a day, so a lunch break is a gap."""

from collections.abc import Iterable
from itertools import pairwise

from clinic_contracts.events import OpeningInterval
from clinic_settings.domain.errors import SettingsRuleBroken

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def _describe(interval: OpeningInterval) -> str:
    return f"{WEEKDAYS[interval.weekday]} {interval.start:%H:%M}-{interval.end:%H:%M}"


def checked_operating_hours(intervals: Iterable[OpeningInterval]) -> tuple[OpeningInterval, ...]:
    """The intervals in weekday and time order. An interval must end after it starts, on the same
    day, and may not overlap another one of its day; touching ones are allowed."""
    ordered = tuple(sorted(intervals, key=lambda interval: (interval.weekday, interval.start, interval.end)))
    for interval in ordered:
        if interval.end <= interval.start:
            raise SettingsRuleBroken(
                "opening-hours-end-before-start", f"{_describe(interval)} does not end after it starts."
            )
    for earlier, later in pairwise(ordered):
        if earlier.weekday == later.weekday and later.start < earlier.end:
            raise SettingsRuleBroken("opening-hours-overlap", f"{_describe(earlier)} and {_describe(later)} overlap.")
    return ordered
