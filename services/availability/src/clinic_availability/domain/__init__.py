"""The availability domain: which appointment times a patient can request, and what may go on a
therapist's calendar.

Plain Python without I/O. Instants are timezone-aware UTC; local time appears only where the
location's IANA zone turns weekly hours and closures into instants, and in `Slot.local_start`.
"""

from .availability_context import AvailabilityContext
from .bookability import Refusal, check_bookable
from .calendar import BookedBy, CalendarItem, ItemKind, ItemStatus, overlapping
from .intervals import Interval
from .placements import Placement
from .policy import RequestPolicy
from .slots import Slot, requestable_slots
from .weekly_hours import Closure, WeeklyHours, WorkingHours
from .working_schedule import ScheduleRejected, WorkingSchedule

__all__ = [
    "AvailabilityContext",
    "BookedBy",
    "CalendarItem",
    "Closure",
    "Interval",
    "ItemKind",
    "ItemStatus",
    "Placement",
    "Refusal",
    "RequestPolicy",
    "ScheduleRejected",
    "Slot",
    "WeeklyHours",
    "WorkingHours",
    "WorkingSchedule",
    "check_bookable",
    "overlapping",
    "requestable_slots",
]
