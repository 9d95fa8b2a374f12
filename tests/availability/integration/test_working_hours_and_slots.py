"""Working schedules over HTTP's use cases, and the slots they give: hours, exceptions, the
calendar and the clinic's policy, in the location's zone, across a clock change."""

import uuid
from datetime import UTC, date, datetime, time, timedelta

import pytest

from clinic_availability.domain import ScheduleRejected
from clinic_availability.service_layer import blocks, bookings, slots, working_hours
from clinic_availability.service_layer.errors import InvalidRequest, ItemNotFound
from clinic_availability.service_layer.working_hours import Period
from tests.availability.integration.conftest import NOW, deliver, set_hours, settle
from tests.availability.integration.test_bookings import block_of, direct
from tests.availability.world import new_world

WEDNESDAY = date(2026, 3, 4)
MORNINGS = [(day, time(9), time(12)) for day in range(5)]


async def slot_times(runtime, world, first: date, last: date | None = None, now: datetime = NOW) -> list[str]:
    query = slots.SlotQuery(world.case.case_id, world.visit_type.visit_type_id, first, last or first)
    listing = await slots.requestable(runtime, query, now)
    return [slot.local_start.strftime("%a %H:%M") for slot in listing.slots]


def quarter_hours(day: str, first: str, last: str) -> list[str]:
    start, end = datetime.strptime(first, "%H:%M"), datetime.strptime(last, "%H:%M")
    times = []
    while start <= end:
        times.append(f"{day} {start:%H:%M}")
        start += timedelta(minutes=15)
    return times


async def test_slots_are_working_hours_within_opening_hours(runtime, world) -> None:
    # The therapist works 9-17; the location breaks for lunch 12-13; visits take 45 minutes.
    assert await slot_times(runtime, world, WEDNESDAY) == (
        quarter_hours("Wed", "09:00", "11:15") + quarter_hours("Wed", "13:00", "16:15")
    )


async def test_appointments_blocks_and_blocking_holds_take_slots_away(runtime, world) -> None:
    await bookings.book_directly(runtime, direct(world, world.local(WEDNESDAY, 9)), NOW)
    await blocks.add_block(runtime, block_of(world, world.local(WEDNESDAY, 13), world.local(WEDNESDAY, 16)))
    await deliver(runtime, world, world.submitted(world.local(WEDNESDAY, 10, 30)))
    assert await slot_times(runtime, world, WEDNESDAY) == ["Wed 09:45", "Wed 11:15", "Wed 16:00", "Wed 16:15"]


async def test_non_blocking_holds_leave_their_time_requestable(runtime) -> None:
    world = await settle(runtime, new_world(pending_request_holds_slot=False))
    await deliver(runtime, world, world.submitted(world.local(WEDNESDAY, 10, 30)))
    assert "Wed 10:30" in await slot_times(runtime, world, WEDNESDAY)


async def test_the_policy_cuts_the_range(runtime, world) -> None:
    # Now is Monday 2 March, 10:00 in New York: 24 hours' notice, 60 days ahead (to 1 May, 11:00 EDT).
    tuesday = quarter_hours("Tue", "10:00", "11:15") + quarter_hours("Tue", "13:00", "16:15")
    assert await slot_times(runtime, world, date(2026, 3, 3)) == tuesday
    last_day = quarter_hours("Fri", "09:00", "10:45")
    assert await slot_times(runtime, world, date(2026, 5, 1), date(2026, 5, 4)) == last_day


async def test_slots_keep_local_time_across_the_clock_change(runtime, world) -> None:
    query = slots.SlotQuery(world.case.case_id, world.visit_type.visit_type_id, date(2026, 3, 6), date(2026, 3, 9))
    listing = await slots.requestable(runtime, query, NOW)
    first_of_each_day = {}
    for slot in listing.slots:
        first_of_each_day.setdefault(slot.local_start.date(), slot.start)
    # 09:00 in New York: 14:00 UTC on Friday (EST), 13:00 UTC on Monday (EDT).
    assert first_of_each_day == {
        date(2026, 3, 6): datetime(2026, 3, 6, 14, tzinfo=UTC),
        date(2026, 3, 9): datetime(2026, 3, 9, 13, tzinfo=UTC),
    }
    assert listing.zone.key == "America/New_York"


async def test_a_schedule_changes_on_its_effective_dates(runtime, world) -> None:
    periods = [
        Period(date(2026, 1, 1), date(2026, 3, 4), MORNINGS),
        Period(date(2026, 3, 5), None, [(day, time(14), time(17)) for day in range(5)]),
    ]
    therapist_id, location_id = world.therapist.therapist_id, world.location.location_id
    await working_hours.set_schedule(runtime, therapist_id, location_id, periods, [])
    assert (await slot_times(runtime, world, WEDNESDAY))[-1] == "Wed 11:15"
    assert (await slot_times(runtime, world, date(2026, 3, 5)))[0] == "Thu 14:00"

    stored = await working_hours.schedule_of(runtime, therapist_id, location_id)
    assert [(p.effective_from, p.effective_to) for p in stored.periods] == [
        (date(2026, 1, 1), date(2026, 3, 4)),
        (date(2026, 3, 5), None),
    ]


async def test_time_off_and_extra_hours(runtime, world) -> None:
    saturday = date(2026, 3, 7)
    await set_hours(runtime, world, MORNINGS, extra_hours=[(world.local(saturday, 9), world.local(saturday, 11))])
    await working_hours.set_time_off(
        runtime, world.therapist.therapist_id, [(world.local(WEDNESDAY, 0), world.local(WEDNESDAY, 23))]
    )
    assert await slot_times(runtime, world, WEDNESDAY) == []
    assert await slot_times(runtime, world, saturday) == quarter_hours("Sat", "09:00", "10:15")
    assert len(await working_hours.time_off_of(runtime, world.therapist.therapist_id)) == 1


@pytest.mark.parametrize(
    ("periods", "code"),
    [
        ([Period(date(2026, 1, 1), None, [(0, time(12), time(9))])], "hours-end-before-start"),
        ([Period(date(2026, 1, 1), None, [(0, time(9), time(12)), (0, time(11), time(13))])], "overlapping-hours"),
        ([Period(date(2026, 3, 1), date(2026, 2, 1), MORNINGS)], "period-ends-before-it-starts"),
        (
            [Period(date(2026, 1, 1), None, MORNINGS), Period(date(2026, 3, 1), None, MORNINGS)],
            "overlapping-periods",
        ),
    ],
)
async def test_schedules_that_break_a_rule_are_refused(runtime, world, periods, code) -> None:
    with pytest.raises(ScheduleRejected) as rejected:
        await working_hours.set_schedule(runtime, world.therapist.therapist_id, world.location.location_id, periods, [])
    assert rejected.value.code == code


async def test_schedules_are_for_known_therapists_where_they_work(runtime, world) -> None:
    periods = [Period(date(2026, 1, 1), None, MORNINGS)]
    with pytest.raises(ItemNotFound):
        await working_hours.set_schedule(runtime, uuid.uuid4(), world.location.location_id, periods, [])
    elsewhere = await settle(runtime, new_world())
    with pytest.raises(InvalidRequest) as invalid:
        therapist_id, location_id = world.therapist.therapist_id, elsewhere.location.location_id
        await working_hours.set_schedule(runtime, therapist_id, location_id, periods, [])
    assert invalid.value.code == "therapist-not-at-location"


async def test_date_ranges_are_bounded(runtime, world) -> None:
    for last, code in ((date(2026, 3, 3), "invalid-date-range"), (date(2026, 6, 1), "date-range-too-long")):
        with pytest.raises(InvalidRequest) as invalid:
            await slot_times(runtime, world, WEDNESDAY, last)
        assert invalid.value.code == code
