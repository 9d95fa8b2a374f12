"""A calendar feed as an iCalendar document (RFC 5545): what a calendar app shows from its URL.

One VEVENT per appointment, its UID the appointment's own (the one its email invitation carries),
so an app that polls again updates the event instead of adding another. Times are written in the
location's time zone with its VTIMEZONE, so the app shows the wall-clock time the clinic means on
both sides of a DST change. A cancelled appointment leaves the feed: the app drops the event at its
next poll. No notes, no diagnoses, nothing the person may not see: what each event says is decided
before it gets here (routes.calendar_feeds).
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from uuid import UUID

from icalendar import Calendar, Event

from clinic_contracts.calendar_entries import CalendarEntry, calendar_uid

PRODUCT_ID = "-//Clinic Appointment Requests//Calendar feed//EN"
MEDIA_TYPE = "text/calendar"
# How often a calendar app is asked to poll (most poll on their own schedule anyway).
REFRESH_EVERY = timedelta(hours=1)


class EventStatus(StrEnum):
    CONFIRMED = "CONFIRMED"
    # A pending request on a scheduler's feed: asked for, not booked.
    TENTATIVE = "TENTATIVE"


@dataclass(frozen=True)
class FeedEvent(CalendarEntry):
    item_id: UUID
    status: EventStatus = EventStatus.CONFIRMED

    @property
    def uid(self) -> str:
        return calendar_uid(self.item_id)


def feed_document(name: str, events: Iterable[FeedEvent], stamped_at: datetime) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("refresh-interval", REFRESH_EVERY, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", REFRESH_EVERY)
    for feed_event in events:
        start, end = feed_event.local_times()
        event = Event()
        event.add("uid", feed_event.uid)
        event.add("dtstamp", stamped_at)
        event.add("dtstart", start)
        event.add("dtend", end)
        event.add("summary", feed_event.summary)
        if feed_event.location:
            event.add("location", feed_event.location)
        event.add("status", feed_event.status.value)
        event.add("transp", "OPAQUE")
        calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()
