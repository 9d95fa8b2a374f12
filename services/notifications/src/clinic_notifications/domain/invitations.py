"""The calendar invitation that comes with an approved appointment (RFC 5545, iTIP RFC 5546).

Times are written in the location's own time zone, with its VTIMEZONE, so a calendar shows the
local wall-clock time the clinic means, across a DST change too. The UID is the appointment's
own, so an update or a cancellation (METHOD:CANCEL, a higher SEQUENCE) replaces the invitation in
the patient's calendar instead of adding another.
"""

import uuid
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from functools import lru_cache

from icalendar import Calendar, Event, Timezone, vCalAddress, vText

from clinic_contracts.calendar_entries import CalendarEntry, calendar_uid

PRODUCT_ID = "-//Clinic Appointment Requests//Notifications//EN"


class CalendarMethod(StrEnum):
    REQUEST = "REQUEST"
    CANCEL = "CANCEL"


@dataclass(frozen=True)
class AppointmentInvitation(CalendarEntry):
    appointment_id: uuid.UUID
    sequence: int
    organizer_email: str
    attendee_email: str
    attendee_name: str

    @property
    def uid(self) -> str:
        return calendar_uid(self.appointment_id)

    def to_ics(self, method: CalendarMethod, stamped_at: datetime) -> str:
        """The calendar with its zone's VTIMEZONE: what `calendar().add_missing_timezones()` writes,
        byte for byte, with the VTIMEZONE built once per zone."""
        calendar = self.calendar(method, stamped_at)
        ical: bytes = calendar.to_ical()  # icalendar's signature says Any
        # Where add_missing_timezones puts them: after the calendar's properties, before the event.
        zones = "".join(vtimezone(tzid) for tzid in sorted(calendar.get_missing_tzids()))
        return ical.decode().replace("BEGIN:VEVENT\r\n", f"{zones}BEGIN:VEVENT\r\n", 1)

    def calendar(self, method: CalendarMethod, stamped_at: datetime) -> Calendar:
        """The invitation's calendar and event, without the VTIMEZONE its times refer to."""
        start, end = self.local_times()
        calendar = Calendar()
        calendar.add("prodid", PRODUCT_ID)
        calendar.add("version", "2.0")
        calendar.add("calscale", "GREGORIAN")
        calendar.add("method", method.value)
        event = Event()
        event.add("uid", self.uid)
        event.add("dtstamp", stamped_at)
        event.add("sequence", self.sequence)
        event.add("dtstart", start)
        event.add("dtend", end)
        event.add("summary", self.summary)
        event.add("location", self.location)
        event.add("status", "CANCELLED" if method is CalendarMethod.CANCEL else "CONFIRMED")
        organizer = vCalAddress(f"mailto:{self.organizer_email}")
        event.add("organizer", organizer)
        attendee = vCalAddress(f"mailto:{self.attendee_email}")
        attendee.params["cn"] = vText(self.attendee_name)
        attendee.params["role"] = vText("REQ-PARTICIPANT")
        event.add("attendee", attendee)
        calendar.add_component(event)
        return calendar


@lru_cache(maxsize=64)
def vtimezone(tzid: str) -> str:
    """The zone's VTIMEZONE as icalendar's add_missing_timezones writes it, kept: it depends on the
    zone alone (its rules from 1970 to 2038, icalendar's default span), and building it was most of
    an invitation's cost. An unknown zone gets none, as there."""
    try:
        zone: bytes = Timezone.from_tzid(tzid).to_ical()
    except ValueError:
        return ""
    return zone.decode()
