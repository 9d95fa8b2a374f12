"""The one decision on whether a time can be booked.

Accepting a request calls check_bookable; the slot listing applies the same pieces (open hours,
slot grid, calendar, notice and horizon) to whole windows at once, and the property tests hold
the listing to exactly the grid times check_bookable accepts.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from clinic_contracts.events import RefusalReason

from .availability_context import AvailabilityContext
from .intervals import Interval, as_utc, covers, overlaps_any
from .local_days import local_date
from .slot_grid import is_on_slot_grid


class Refusal(StrEnum):
    """Why a time cannot be booked. The codes are the contract's (`RefusalReason`), so a time
    refused here says the same on the wire, in a problem and in the request service's own check."""

    WRONG_DURATION = RefusalReason.WRONG_DURATION.value
    WITHIN_MINIMUM_NOTICE = RefusalReason.WITHIN_MINIMUM_NOTICE.value
    BEYOND_BOOKING_HORIZON = RefusalReason.BEYOND_BOOKING_HORIZON.value
    LOCATION_CLOSED = RefusalReason.LOCATION_CLOSED.value
    OUTSIDE_LOCATION_HOURS = RefusalReason.OUTSIDE_LOCATION_HOURS.value
    THERAPIST_NOT_WORKING_THAT_DAY = RefusalReason.THERAPIST_NOT_WORKING_THAT_DAY.value
    OUTSIDE_WORKING_HOURS = RefusalReason.OUTSIDE_WORKING_HOURS.value
    NOT_ON_SLOT_GRID = RefusalReason.NOT_ON_SLOT_GRID.value
    CONFLICTS_WITH_CALENDAR = RefusalReason.CONFLICTS_WITH_CALENDAR.value

    @property
    def explanation(self) -> str:
        return _EXPLANATIONS[self]

    @property
    def reason(self) -> RefusalReason:
        """The refusal as events carry it."""
        return RefusalReason(self.value)


_EXPLANATIONS = {
    Refusal.WRONG_DURATION: "The time is not as long as the visit type.",
    Refusal.WITHIN_MINIMUM_NOTICE: ("The time starts too soon: in the past, or within the clinic's minimum notice."),
    Refusal.BEYOND_BOOKING_HORIZON: "The time is further ahead than appointments may be booked.",
    Refusal.LOCATION_CLOSED: "The location is closed that day.",
    Refusal.OUTSIDE_LOCATION_HOURS: "The location is not open for all of that time.",
    Refusal.THERAPIST_NOT_WORKING_THAT_DAY: "The therapist does not work at this location that day.",
    Refusal.OUTSIDE_WORKING_HOURS: ("The therapist does not work at this location for all of that time."),
    Refusal.NOT_ON_SLOT_GRID: "The time does not start on one of the offered slot times.",
    Refusal.CONFLICTS_WITH_CALENDAR: "The therapist's calendar already has something at that time.",
}


def check_bookable(
    start: datetime,
    end: datetime,
    context: AvailabilityContext,
    now: datetime,
    *,
    require_slot_grid: bool = True,
) -> Refusal | None:
    """None if `start`..`end` can be booked, else the first rule it breaks, in the order of
    `Refusal`. Portal requests must start on the slot grid; schedulers may book off it
    (`require_slot_grid=False`). All other rules hold for both.
    """
    start, end, now = as_utc(start), as_utc(end), as_utc(now)
    if end - start != context.visit_duration:
        return Refusal.WRONG_DURATION
    policy = context.policy
    if policy.starts_too_soon(start, now):
        return Refusal.WITHIN_MINIMUM_NOTICE
    if policy.starts_beyond_horizon(start, now):
        return Refusal.BEYOND_BOOKING_HORIZON

    zone = context.location_zone
    days = context.local_days(local_date(start, zone), local_date(end, zone))
    visit = Interval(start, end)
    if overlaps_any(context.location_closed(days), visit):
        return Refusal.LOCATION_CLOSED
    if not covers(context.location_open(days), visit):
        return Refusal.OUTSIDE_LOCATION_HOURS
    working = context.working(days)
    if not covers(working, visit):
        # No hours at all that day is another answer than a visit running past them: the first
        # asks for another day, the second for another time.
        return Refusal.OUTSIDE_WORKING_HOURS if working else Refusal.THERAPIST_NOT_WORKING_THAT_DAY
    if require_slot_grid and not is_on_slot_grid(start, context.open_hours(days), days[0], policy.slot_interval):
        return Refusal.NOT_ON_SLOT_GRID
    if overlaps_any(context.busy, visit):
        return Refusal.CONFLICTS_WITH_CALENDAR
    return None
