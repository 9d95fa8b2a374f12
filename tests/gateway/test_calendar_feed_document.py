"""The feed document alone (clinic_gateway.calendar_feed): parsed back with `icalendar`, each event
keeps its local wall-clock time across a DST change, with its location's TZID and VTIMEZONE."""

import uuid
from datetime import UTC, datetime, timedelta

import icalendar

from clinic_gateway.calendar_feed import EventStatus, FeedEvent, feed_document

NEW_YORK = "America/New_York"


def event(start: datetime, **changes) -> FeedEvent:
    values = {
        "item_id": uuid.uuid4(),
        "start": start,
        "end": start + timedelta(minutes=45),
        "time_zone": NEW_YORK,
        "summary": "Treatment – Lily",
        "location": "Downtown, 1 Main Street",
    }
    return FeedEvent(**(values | changes))


def test_a_visit_before_and_after_the_clocks_change_keeps_its_local_time() -> None:
    # 10:00 in New York on the Mondays either side of 8 March 2027, when the clocks go forward.
    before = event(datetime(2027, 3, 1, 15, 0, tzinfo=UTC))
    after = event(datetime(2027, 3, 15, 14, 0, tzinfo=UTC), status=EventStatus.TENTATIVE)
    document = feed_document("Our appointments", [before, after], datetime(2026, 12, 7, tzinfo=UTC))

    calendar = icalendar.Calendar.from_ical(document)
    assert str(calendar["X-WR-CALNAME"]) == "Our appointments" and str(calendar["METHOD"]) == "PUBLISH"
    events = {str(found["UID"]): found for found in calendar.walk("VEVENT")}
    assert set(events) == {before.uid, after.uid}
    for sent, offset in ((before, -5), (after, -4)):
        found = events[sent.uid]
        start, end = found.decoded("DTSTART"), found.decoded("DTEND")
        assert found["DTSTART"].params["TZID"] == NEW_YORK
        assert (start.hour, start.minute) == (10, 0)
        assert start.utcoffset() == timedelta(hours=offset)
        assert start == sent.start and end - start == timedelta(minutes=45)
        assert str(found["LOCATION"]) == "Downtown, 1 Main Street"
    assert str(events[before.uid]["STATUS"]) == "CONFIRMED" and str(events[after.uid]["STATUS"]) == "TENTATIVE"
    [zone] = calendar.walk("VTIMEZONE")
    assert str(zone["TZID"]) == NEW_YORK
    assert {component.name for component in zone.subcomponents} >= {"STANDARD", "DAYLIGHT"}


def test_an_empty_feed_is_still_a_calendar() -> None:
    calendar = icalendar.Calendar.from_ical(feed_document("Nothing yet", [], datetime.now(UTC)))
    assert calendar.walk("VEVENT") == [] and str(calendar["VERSION"]) == "2.0"
