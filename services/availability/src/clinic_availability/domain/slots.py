"""Requestable slots: the grid times a portal user may pick, for one therapist and visit type."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from .availability_context import AvailabilityContext
from .intervals import as_utc
from .slot_grid import grid_start, next_on_grid


@dataclass(frozen=True, slots=True)
class Slot:
    """A time a portal user may request: UTC start and end, and the location's zone."""

    start: datetime
    end: datetime
    zone: ZoneInfo

    @property
    def local_start(self) -> datetime:
        """The start in the location's time, for display."""
        return self.start.astimezone(self.zone)


def requestable_slots(context: AvailabilityContext, date_from: date, date_to: date, now: datetime) -> list[Slot]:
    """Slots starting on local dates `date_from` to `date_to` (included) that
    `check_bookable(slot.start, slot.end, context, now)` accepts, in time order.

    Built from the same pieces as check_bookable, applied in one sweep instead of per candidate:
    the open hours are computed once for the whole range, and the grid times of each open window
    are walked alongside the sorted calendar.
    """
    if date_to < date_from:
        return []
    now = as_utc(now)
    duration = context.visit_duration
    interval = context.policy.slot_interval
    earliest = context.policy.earliest_start(now)
    horizon = context.policy.horizon_end(now)
    zone = context.location_zone
    busy = context.busy
    days = context.local_days(date_from, date_to)

    slots: list[Slot] = []
    busy_count = len(busy)
    busy_index = day_index = 0
    for window in context.open_hours(days):
        while days[day_index].end <= window.start:
            day_index += 1
        grid = grid_start(window.start, days[day_index], interval)
        start = next_on_grid(earliest, grid, interval)
        last_start = window.end - duration
        while start <= last_start and start < horizon:
            end = start + duration
            while busy_index < busy_count and busy[busy_index].end <= start:
                busy_index += 1
            if busy_index == busy_count or busy[busy_index].start >= end:
                slots.append(Slot(start, end, zone))
            start += interval
    return slots
