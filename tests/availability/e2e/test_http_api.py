"""The HTTP API of the running service: slots that agree with check_bookable across a clock
change, calendars, problems, and many concurrent bookings of one time on PostgreSQL."""

import asyncio
import uuid
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from clinic_availability.domain import AvailabilityContext, Closure, Interval, WeeklyHours, check_bookable
from clinic_contracts.events import OpeningInterval, StaffPermission
from servicekit.actor_tokens import Actor
from tests.availability.e2e.conftest import AvailabilityService, scheduler_of
from tests.availability.unit.availability_builders import context, every_day, policy
from tests.availability.world import World, new_world, next_weekday

pytestmark = [pytest.mark.kafka, pytest.mark.postgres]

# Open every day, at night too, so a clock change (02:00 in New York) falls inside open hours.
NIGHT_AND_DAY = ((time(0, 30), time(4)), (time(8), time(12)), (time(13), time(18)))
ALWAYS_OPEN = tuple(OpeningInterval(weekday=d, start=s, end=e) for d in range(7) for s, e in NIGHT_AND_DAY)
WORKING = [(time(0), time(3, 30)), (time(9), time(17))]


def next_clock_change(zone: ZoneInfo, after: date) -> date:
    midnight = datetime.combine(after, time())
    while zone.utcoffset(midnight) == zone.utcoffset(midnight + timedelta(days=1)):
        midnight += timedelta(days=1)
    return midnight.date()


def body_of(start: datetime, end: datetime, world: World, **fields) -> dict:
    return {
        "therapist_id": str(world.therapist.therapist_id),
        "location_id": str(world.location.location_id),
        "start": start.isoformat(),
        "end": end.isoformat(),
        **fields,
    }


def context_for(world: World, busy: list[Interval]) -> AvailabilityContext:
    """The context the rules speak of, from what the test itself set up."""
    location: dict[int, list] = {}
    for interval in world.location.operating_hours:
        location.setdefault(interval.weekday, []).append((interval.start, interval.end))
    settings = world.clinic.request_policy
    return context(
        zone=world.zone,
        location_hours=WeeklyHours(location),
        closures=[Closure(c.first_day, c.last_day) for c in world.location.closures],
        working_hours=every_day(*WORKING),
        busy=busy,
        visit=world.duration,
        request_policy=policy(
            timedelta(hours=settings.minimum_notice_hours),
            timedelta(days=settings.booking_horizon_days),
            timedelta(minutes=settings.slot_interval_minutes),
        ),
    )


async def test_slots_over_http_pass_check_bookable_across_a_clock_change(availability: AvailabilityService) -> None:
    world = new_world(location_hours=ALWAYS_OPEN, booking_horizon_days=730, slot_interval_minutes=30)
    hours = [{"weekday": day, "start": s.isoformat(), "end": e.isoformat()} for day in range(7) for s, e in WORKING]
    await availability.settle(world, hours)
    change = next_clock_change(world.zone, datetime.now(UTC).date() + timedelta(days=3))
    first, last = change - timedelta(days=1), change + timedelta(days=1)

    # On the calendar: an appointment across the changing night, a block, a blocking hold.
    appointment = await availability.ok(
        "POST", "/appointments", body_of(world.local(change, 1), world.local(change, 3, 15), world), status=201
    )
    block_body = {**body_of(world.local(first, 10), world.local(first, 14), world), "title": "Training"}
    block = await availability.ok("POST", "/blocks", block_body, status=201)
    request = world.submitted(world.local(last, 9, 30))
    await availability.publish(world, request)
    await availability.until_answers(request.request_id, "HoldPlaced")

    now = datetime.now(UTC)
    listing = await availability.ok(
        "GET",
        "/slots",
        case_id=str(world.case.case_id),
        visit_type_id=str(world.visit_type.visit_type_id),
        date_from=first.isoformat(),
        date_to=last.isoformat(),
    )
    assert listing["time_zone"] == world.location.time_zone and listing["duration_minutes"] == 45
    busy = [
        Interval(datetime.fromisoformat(item["start"]), datetime.fromisoformat(item["end"]))
        for item in (appointment, block)
    ] + [Interval(request.start, request.end)]
    context = context_for(world, busy)
    starts = []
    for slot in listing["slots"]:
        start, end = datetime.fromisoformat(slot["start"]), datetime.fromisoformat(slot["end"])
        local_start = datetime.fromisoformat(slot["local_start"])
        assert check_bookable(start, end, context, now) is None, slot
        assert not any(interval.start < end and start < interval.end for interval in busy), slot
        assert local_start == start and local_start.utcoffset() == world.zone.utcoffset(start.replace(tzinfo=None))
        starts.append(local_start)
    assert {start.date() for start in starts} == {first, change, last}
    # The clock change is inside the night's hours: the slots keep to the half-hour grid of local time.
    assert {start.minute for start in starts} == {0, 30}


async def test_calendar_and_snapshot_over_http(availability: AvailabilityService) -> None:
    world = await availability.settle(new_world(pending_request_holds_slot=False))
    day = next_weekday(datetime.now(UTC).astimezone(world.zone).date() + timedelta(days=2), 2)
    request = world.submitted(world.local(day, 10))
    await availability.publish(world, request)
    await availability.until_answers(request.request_id, "HoldPlaced")
    appointment = await availability.ok(
        "POST", "/appointments", body_of(world.local(day, 10, 30), world.local(day, 11, 15), world), status=201
    )

    calendar = await availability.ok(
        "GET",
        "/calendar",
        therapist_id=str(world.therapist.therapist_id),
        date_from=day.isoformat(),
        date_to=day.isoformat(),
    )
    assert [(item["kind"], item["blocking"]) for item in calendar["items"]] == [
        ("pending_request", False),
        ("appointment", True),
    ]
    pending = calendar["items"][0]
    assert pending["request_id"] == str(request.request_id) and pending["time_zone"] == "America/New_York"
    assert datetime.fromisoformat(pending["local_start"]).hour == 10

    snapshot = await availability.ok(
        "GET",
        "/calendar/snapshot",
        therapist_id=str(world.therapist.therapist_id),
        location_id=str(world.location.location_id),
        start=request.start.isoformat(),
        end=request.end.isoformat(),
        request_id=str(request.request_id),
    )
    assert [(item["item_id"], item["requested"], item["overlaps_requested_time"]) for item in snapshot["items"]] == [
        (str(request.hold_id), True, False),
        (appointment["appointment_id"], False, True),
    ]


async def test_problems_have_stable_codes(availability: AvailabilityService) -> None:
    world = await availability.settle(new_world())
    path = availability.working_hours_path(world)
    unknown_case = {
        "case_id": str(uuid.uuid4()),
        "visit_type_id": str(uuid.uuid4()),
        "date_from": "2026-01-05",
        "date_to": "2026-01-06",
    }
    backwards_hours = [{"weekday": 0, "start": "12:00", "end": "09:00"}]
    backwards = {"periods": [{"effective_from": "2026-01-01", "hours": backwards_hours}]}
    long_ago = world.local(date(2020, 1, 6), 9)
    cases = [
        ("GET", "/slots", None, unknown_case, 422, "unknown-case"),
        ("PUT", path, backwards, {}, 422, "hours-end-before-start"),
        ("PUT", path, {"periods": [], "typo": 1}, {}, 422, "invalid-request"),
        ("GET", f"/therapists/{uuid.uuid4()}/time-off", None, {}, 404, "therapist-not-found"),
        ("GET", f"/appointments/{uuid.uuid4()}", None, {}, 404, "appointment-not-found"),
        ("DELETE", f"/blocks/{uuid.uuid4()}", None, {}, 404, "block-not-found"),
        ("POST", "/appointments", body_of(long_ago, long_ago + timedelta(hours=1), world), {}, 422, "not-bookable"),
    ]
    for method, url, body, params, status, code in cases:
        response = await availability.http.request(method, url, json=body, params=params)
        assert response.status_code == status, (url, response.text)
        assert response.headers["content-type"].startswith("application/problem+json")
        assert response.json()["code"] == code


async def test_twenty_concurrent_bookings_of_one_time_book_exactly_one(availability: AvailabilityService) -> None:
    world = await availability.settle(new_world())
    day = next_weekday(datetime.now(UTC).astimezone(world.zone).date() + timedelta(days=2), 2)
    bodies = [
        body_of(world.local(day, 10, minute), world.local(day, 10, minute) + timedelta(minutes=45), world)
        for minute in range(0, 40, 2)
    ]
    responses = await asyncio.gather(*(availability.http.post("/appointments", json=body) for body in bodies))

    statuses = sorted(response.status_code for response in responses)
    assert statuses == [201] + [409] * 19, [response.text for response in responses if response.status_code >= 500]
    [booked] = [response.json() for response in responses if response.status_code == 201]
    for response in responses:
        if response.status_code == 409:
            problem = response.json()
            assert problem["code"] == "calendar-conflict"
            assert problem["conflicting_item_ids"] == [booked["appointment_id"]]


async def test_a_scheduler_books_and_blocks_only_within_their_scope(availability: AvailabilityService) -> None:
    """Availability decides it from its own copy of the settings: a scheduler of no location here
    is told of this location's therapist, and of a block of theirs, what a missing id is told."""
    world = await availability.settle(new_world())
    day = next_weekday(datetime.now(UTC).astimezone(world.zone).date() + timedelta(days=2), 2)
    block = await availability.ok(
        "POST", "/blocks", {**body_of(world.local(day, 10), world.local(day, 11), world), "title": "Team"}, status=201
    )

    elsewhere = scheduler_of(world).model_copy(
        update={"staff_user_id": uuid.uuid4(), "all_locations": False, "location_ids": ()}
    )
    await availability.know(world, elsewhere)
    availability.http.auth.scheduler_is(elsewhere.staff_user_id)
    blocked = await availability.http.post("/blocks", json=body_of(world.local(day, 12), world.local(day, 13), world))
    booked = await availability.http.post(
        "/appointments", json=body_of(world.local(day, 14), world.local(day, 15), world)
    )
    for refused in (blocked, booked):
        assert refused.status_code == 404 and refused.json()["code"] == "not-found", refused.text
    freed = await availability.http.delete(f"/blocks/{block['item_id']}")
    missing = await availability.http.delete(f"/blocks/{uuid.uuid4()}")
    assert freed.status_code == missing.status_code == 404
    assert freed.json()["code"] == missing.json()["code"] == "block-not-found"

    availability.http.auth.scheduler_is(world.staff_id)
    assert (await availability.http.delete(f"/blocks/{block['item_id']}")).status_code == 204


async def test_working_hours_are_read_by_the_clinics_staff_and_changed_by_its_admins(
    availability: AvailabilityService, stack
) -> None:
    """Availability decides it from its own copy of the settings, whatever the caller's token says."""
    world = await availability.settle(new_world())
    scheduler = scheduler_of(world)
    admin = scheduler.model_copy(update={"staff_user_id": uuid.uuid4(), "permissions": (StaffPermission.ADMIN,)})
    stranger = admin.model_copy(update={"staff_user_id": uuid.uuid4(), "clinic_id": uuid.uuid4()})
    await availability.know(world, admin, stranger)
    hours = f"/therapists/{world.therapist.therapist_id}/working-hours/{world.location.location_id}"
    time_off = f"/therapists/{world.therapist.therapist_id}/time-off"
    body = {"periods": [{"effective_from": "2025-01-01", "hours": [{"weekday": 0, "start": "09:00", "end": "12:00"}]}]}

    async def as_staff(staff, method: str, path: str, json=None):
        auth = stack.actor_auth(Actor.staff_user(staff.staff_user_id, staff.clinic_id), "availability")
        return await availability.http.request(method, path, json=json, auth=auth)

    assert (await as_staff(scheduler, "GET", hours)).status_code == 200
    away = [{"start": "2027-08-02T00:00:00Z", "end": "2027-08-09T00:00:00Z"}]
    for path, change in ((hours, body), (time_off, away)):
        refused = await as_staff(scheduler, "PUT", path, change)
        assert (refused.status_code, refused.json()["code"]) == (403, "actor-may-not"), refused.text
        assert (await as_staff(admin, "PUT", path, change)).status_code == 200
    for method, change in (("GET", None), ("PUT", body)):
        hidden = await as_staff(stranger, method, hours, change)
        assert (hidden.status_code, hidden.json()["code"]) == (404, "therapist-not-found"), hidden.text

    # Who changed what is recorded with each change (a repeat that changes nothing is not), for admins.
    assert (await as_staff(admin, "PUT", hours, body)).status_code == 200
    trail = await as_staff(admin, "GET", f"/therapists/{world.therapist.therapist_id}/schedule-changes")
    assert trail.status_code == 200, trail.text
    newest_first = trail.json()
    assert [(c["kind"], c["actor"]) for c in newest_first[:2]] == [
        ("time-off", f"staff:{admin.staff_user_id}"),
        ("working-hours", f"staff:{admin.staff_user_id}"),
    ]
    assert newest_first[1]["location_id"] == str(world.location.location_id)
    assert (
        newest_first[1]["changes"]["periods"]["to"][0]["hours"]
        != newest_first[1]["changes"]["periods"]["from"][0]["hours"]
    )
    assert newest_first[0]["changes"] == {
        "time_off": {"from": [], "to": [{"start": "2027-08-02T00:00:00+00:00", "end": "2027-08-09T00:00:00+00:00"}]}
    }
    assert [c["actor"] for c in newest_first[2:]] == ["system:operator"], "the settling, by the operator's token"
    refused = await as_staff(scheduler, "GET", f"/therapists/{world.therapist.therapist_id}/schedule-changes")
    assert refused.status_code == 403
