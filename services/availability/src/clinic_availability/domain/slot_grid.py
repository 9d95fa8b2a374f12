"""The slot grid: the start times offered to portal users.

Each open window (location open and therapist working; the calendar plays no part) carries its
own grid. Open windows never cross local midnight, as location hours end on the day they start.
A window's grid starts at its first instant whose local wall-clock time is a whole number of
slot intervals after midnight (09:00, 09:15, ... for a 15-minute interval; a window opening at
09:10 starts at 09:15), then steps by the slot interval in real time. On a day without a clock
change that is every multiple of the interval after local midnight; across a clock change
inside a window the slots stay evenly spaced. Because the calendar never shifts the grid,
whether a time is on it follows from that day's hours alone."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from .intervals import Interval, containing
from .local_days import LocalDay


def grid_start(window_start: datetime, day: LocalDay, slot_interval: timedelta) -> datetime:
    """The first grid time of an open window that starts at `window_start` on `day`."""
    return window_start + (-day.wall_clock(window_start)) % slot_interval


def next_on_grid(moment: datetime, first: datetime, slot_interval: timedelta) -> datetime:
    """The earliest grid time at or after `moment`, on the grid that starts at `first`."""
    if moment <= first:
        return first
    return first + slot_interval * -((first - moment) // slot_interval)


def is_on_slot_grid(start: datetime, open_hours: Sequence[Interval], day: LocalDay, slot_interval: timedelta) -> bool:
    """Whether `start`, a time on local `day`, is a grid time of that day's open hours."""
    window = containing(open_hours, start)
    if window is None:
        return False
    first = grid_start(window.start, day, slot_interval)
    return (start - first) % slot_interval == timedelta(0)
