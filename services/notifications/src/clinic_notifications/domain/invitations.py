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

from icalendar import Calendar, Event, vCalAddress, vText

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
        calendar.add_missing_timezones()
        ical: bytes = calendar.to_ical()  # icalendar's signature says Any
        return ical.decode()
