"""An appointment as a calendar app receives it: in the email invitation (notifications) and in a
calendar feed (the gateway). Both name it by the same UID, the appointment's own, so an app that has
the invitation and follows a feed, or polls the feed again, updates one event instead of adding
another; and both write its times in the location's own zone, so the app shows the wall-clock time
the clinic means on both sides of a DST change.
"""

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID
from zoneinfo import ZoneInfo

UID_DOMAIN = "clinic-appointment-requests"


def calendar_uid(item_id: UUID) -> str:
    """The UID of an appointment's (or a calendar item's) event, the same wherever it is sent."""
    return f"{item_id}@{UID_DOMAIN}"


@dataclass(frozen=True)
class CalendarEntry:
    """What every calendar event of an appointment says: when (UTC instants, and the location's IANA
    zone they are written in), what and where."""

    start: datetime
    end: datetime
    time_zone: str
    summary: str
    location: str

    def local_times(self) -> tuple[datetime, datetime]:
        """Start and end in the location's zone, as the event writes them."""
        zone = ZoneInfo(self.time_zone)
        return self.start.astimezone(zone), self.end.astimezone(zone)
