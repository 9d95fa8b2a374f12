"""The availability domain: which appointment times a patient can request.

Plain Python without I/O. Instants are timezone-aware UTC; local time appears only where the
location's IANA zone turns weekly hours and closures into instants, and in `Slot.local_start`.
"""

from .availability_context import AvailabilityContext
from .bookability import Refusal, check_bookable
from .intervals import Interval
from .policy import RequestPolicy
from .slots import Slot, requestable_slots
from .weekly_hours import Closure, WeeklyHours, WorkingHours

__all__ = [
    "AvailabilityContext",
    "Closure",
    "Interval",
    "Refusal",
    "RequestPolicy",
    "Slot",
    "WeeklyHours",
    "WorkingHours",
    "check_bookable",
    "requestable_slots",
]
