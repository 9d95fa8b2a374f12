"""Calendar feeds through the running stack: a family's feed holds only their patients'
appointments, at the right local time on both sides of a DST change; a scheduler's feed shows a
patient they may not see as Busy, without a name; a revoked feed, an unknown secret and a
deactivated owner's feed answer the same 404."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import httpx
import icalendar
import pytest

from clinic_settings import demo_data as demo
from tests.gateway.gateway_api import (
    DANA,
    HENRY,
    LILY,
    LILY_CASE,
    MARCUS,
    OWEN_CASE,
    PRIYA,
    Api,
    case,
    patient,
    wait_for,
)

pytestmark = [pytest.mark.kafka, pytest.mark.postgres]

NEW_YORK = ZoneInfo("America/New_York")
LOS_ANGELES = ZoneInfo("America/Los_Angeles")
OWEN = patient("Owen Chen")
GRACE_OKAFOR = patient("Grace Okafor")
GRACES_CASE = case("Grace Okafor", "Right knee ACL reconstruction")
LEO, LEOS_CASE = patient("Leo Novak"), case("Leo Novak", "Running injury")


def next_clock_change(zone: ZoneInfo, after: date) -> date:
    """The first day, from `after` on, whose noon has another UTC offset than the day before's."""
    day = after
    while True:
        noon = lambda d: datetime.combine(d, time(12), zone).utcoffset()  # noqa: E731
        if noon(day) != noon(day - timedelta(days=1)):
            return day
        day += timedelta(days=1)


def book(scheduler: Api, days, at: time, zone: ZoneInfo, **booking) -> dict:
    """An appointment on the first of `days` the calendar takes it (a closure or another test's
    booking may be in the way of one)."""
    body = {key: str(value) for key, value in booking.items()} | {"visit_type_id": str(demo.TREATMENT)}
    refusals = []
    for day in days:
        start = datetime.combine(day, at, zone).isoformat()
        booked = scheduler.call("POST", "/api/scheduler/appointments", json=body | {"start": start})
        if booked.status_code == 201:
            return booked.json()
        refusals.append(booked.text[:200])
    raise AssertionError(refusals)


def weekdays(first: date, count: int = 5) -> list[date]:
    days = (first + timedelta(days=offset) for offset in range(count * 2))
    return [day for day in days if day.weekday() < 5][:count]


def fetch(url: str) -> httpx.Response:
    """As a calendar app: no session, no token."""
    return httpx.get(url, timeout=30)


def events_of(response: httpx.Response) -> dict[str, icalendar.Event]:
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(response.content)
    return {str(event["UID"]).partition("@")[0]: event for event in calendar.walk("VEVENT")}


def not_found(response: httpx.Response) -> tuple[int, str, str]:
    assert response.headers["content-type"].startswith("application/problem+json")
    return response.status_code, response.json()["code"], response.json()["detail"]


def test_a_familys_feed_holds_their_patients_appointments_at_local_time_across_a_clock_change(
    caregiver, scheduler, therapists_at_work
) -> None:
    change = next_clock_change(NEW_YORK, date.today() + timedelta(days=8))
    at = time(11, 15)
    lily = {"patient_id": LILY, "case_id": LILY_CASE, "therapist_id": DANA, "location_id": demo.DOWNTOWN}
    owen = {"patient_id": OWEN, "case_id": OWEN_CASE, "therapist_id": PRIYA, "location_id": demo.DOWNTOWN}
    grace = {"patient_id": GRACE_OKAFOR, "case_id": GRACES_CASE, "therapist_id": MARCUS, "location_id": demo.DOWNTOWN}
    booked = [
        book(scheduler, weekdays(change - timedelta(days=7)), at, NEW_YORK, **lily),
        book(scheduler, weekdays(change + timedelta(days=1)), at, NEW_YORK, **lily),
        book(scheduler, weekdays(change + timedelta(days=1)), time(13, 15), NEW_YORK, **owen),
        book(scheduler, weekdays(change + timedelta(days=1)), time(9, 15), NEW_YORK, **grace),
    ]
    before, after, owens, graces = (appointment["appointment_id"] for appointment in booked)
    try:
        feed = caregiver.ok("POST", "/api/me/calendar-feeds", json={})
        assert feed["kind"] == "family" and feed["url"].endswith(feed["path"])
        assert feed["feed_id"] in {listed["feed_id"] for listed in caregiver.ok("GET", "/api/me/calendar-feeds")}
        response = fetch(feed["url"])
        events = events_of(response)

        # Only this family's: Lily's and Owen's, not Grace Okafor's (another family).
        assert {before, after, owens} <= set(events) and graces not in events
        assert "Okafor" not in response.text and "Grace" not in response.text
        # The visit type and the first name; no case title (a diagnosis), no surname.
        assert str(events[before]["SUMMARY"]) == "Treatment – Lily"
        assert str(events[owens]["SUMMARY"]) == "Treatment – Owen"
        assert "Toe walking" not in response.text and "Chen" not in response.text
        assert "120 Harbor Street" in str(events[before]["LOCATION"])
        offsets = set()
        for appointment_id in (before, after):
            event = events[appointment_id]
            start = event.decoded("DTSTART")
            assert event["DTSTART"].params["TZID"] == "America/New_York"
            assert start.replace(tzinfo=None).time() == at, "the same wall-clock time on both sides"
            assert str(event["STATUS"]) == "CONFIRMED"
            offsets.add(start.utcoffset())
        assert len(offsets) == 2, "the clocks changed in between"
        [zone] = icalendar.Calendar.from_ical(response.content).walk("VTIMEZONE")
        assert str(zone["TZID"]) == "America/New_York"

        # Cancelled: gone at the next poll.
        scheduler.ok("POST", f"/api/scheduler/appointments/{after}/cancel")
        assert after not in events_of(fetch(feed["url"]))

        # Revoked: 404 at once, the very answer a secret nobody was given gets.
        caregiver.ok("POST", f"/api/me/calendar-feeds/{feed['feed_id']}/revoke")
        revoked = fetch(feed["url"])
        unknown = fetch(feed["url"].replace(feed["path"], "/ical/" + "x" * 43 + ".ics"))
        assert not_found(revoked) == not_found(unknown) == (404, "calendar-feed-not-found", "No such calendar feed.")
        assert "Lily" not in revoked.text
        listed = next(f for f in caregiver.ok("GET", "/api/me/calendar-feeds") if f["feed_id"] == feed["feed_id"])
        assert listed["revoked_at"] is not None and "url" not in listed
    finally:
        for appointment_id in (before, after, owens, graces):
            scheduler.call("POST", f"/api/scheduler/appointments/{appointment_id}/cancel")


def test_a_schedulers_feed_shows_a_patient_they_may_not_see_as_busy(
    admin, scheduler, pasadena_scheduler, therapists_at_work
) -> None:
    """Priya works at both locations: the Downtown scheduler's feed of her calendar shows her
    Pasadena patient as Busy, without a name; the Pasadena scheduler's shows the patient."""
    afternoons = [{"weekday": day, "start": "14:00:00", "end": "18:00:00"} for day in range(4)]
    path = f"/api/admin/therapists/{PRIYA}/working-hours/{demo.PASADENA}"
    body = {"periods": [{"effective_from": str(date.today()), "hours": afternoons}]}
    wait_for(lambda: admin.call("PUT", path, json=body).status_code == 200)
    monday = date.today() + timedelta(days=14 - date.today().weekday())
    mondays = [monday + timedelta(weeks=weeks) for weeks in range(4)]
    leo = book(
        pasadena_scheduler, mondays, time(15, 30), LOS_ANGELES,
        patient_id=LEO, case_id=LEOS_CASE, therapist_id=PRIYA, location_id=demo.PASADENA,
    )  # fmt: skip
    owen = book(
        scheduler, weekdays(monday + timedelta(days=1)), time(9, 45), NEW_YORK,
        patient_id=OWEN, case_id=OWEN_CASE, therapist_id=PRIYA, location_id=demo.DOWNTOWN,
    )  # fmt: skip
    try:
        ours = scheduler.ok("POST", "/api/me/calendar-feeds", json={"therapist_id": str(PRIYA)})
        assert (ours["kind"], ours["therapist_name"]) == ("therapist", "Priya Raman")
        response = fetch(ours["url"])
        events = events_of(response)
        assert str(events[leo["appointment_id"]]["SUMMARY"]) == "Busy"
        assert "Leo" not in response.text and "Novak" not in response.text and "Running injury" not in response.text
        assert events[leo["appointment_id"]]["DTSTART"].params["TZID"] == "America/Los_Angeles"
        assert str(events[owen["appointment_id"]]["SUMMARY"]) == "Treatment – Owen Chen"

        theirs = pasadena_scheduler.ok("POST", "/api/me/calendar-feeds", json={"therapist_id": str(PRIYA)})
        assert str(events_of(fetch(theirs["url"]))[leo["appointment_id"]]["SUMMARY"]) == "Treatment – Leo Novak"

        # Only a therapist whose calendar they may open; only with the Scheduling permission.
        elena = demo.demo_id("therapist/Elena Sorensen")
        assert scheduler.call("POST", "/api/me/calendar-feeds", json={"therapist_id": str(elena)}).status_code == 404
        refused = admin.call("POST", "/api/me/calendar-feeds", json={"therapist_id": str(PRIYA)})
        assert refused.status_code == 403 and refused.json()["code"] == "scheduling-permission-required"
        for feed, owner in ((ours, scheduler), (theirs, pasadena_scheduler)):
            owner.ok("POST", f"/api/me/calendar-feeds/{feed['feed_id']}/revoke")
            assert fetch(feed["url"]).status_code == 404
    finally:
        pasadena_scheduler.call("POST", f"/api/scheduler/appointments/{leo['appointment_id']}/cancel")
        scheduler.call("POST", f"/api/scheduler/appointments/{owen['appointment_id']}/cancel")


def test_a_deactivated_owners_feed_closes_and_another_may_not_revoke_it(gateway, admin, grace) -> None:
    henry = Api(gateway, HENRY)
    henrys = demo.demo_id("portal-user/henry.alvarez")
    feed = henry.ok("POST", "/api/me/calendar-feeds", json={})
    try:
        assert fetch(feed["url"]).status_code == 200
        # Someone else's feed is not there for them.
        assert grace.call("POST", f"/api/me/calendar-feeds/{feed['feed_id']}/revoke").status_code == 404
        assert fetch(feed["url"]).status_code == 200
        admin.ok("PUT", f"/api/admin/portal-users/{henrys}/active", json={"active": False})
        assert not_found(fetch(feed["url"]))[:2] == (404, "calendar-feed-not-found")
    finally:
        admin.ok("PUT", f"/api/admin/portal-users/{henrys}/active", json={"active": True})
        henry.close()
    assert fetch(feed["url"]).status_code == 200, "open again with its owner"
