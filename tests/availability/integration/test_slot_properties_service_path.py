"""Property tests of the service path: settings in the replica, schedules and calendar items in the
tables, slots from the use case the HTTP endpoint calls, on ordinary and clock-change days.

The domain's own property tests hold requestable_slots to check_bookable; these hold the service
to the domain: the slots it lists equal requestable_slots over a context built here, independently,
from the same inputs, and each passes the hold path's judgement. So the context the service
assembles (zone, local days, the window of calendar items, which items are busy, the schedule's
periods and exceptions, the policy) is the one the rules are about.
"""

import random
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from clinic_availability.domain import (
    AvailabilityContext,
    CalendarItem,
    Closure,
    Interval,
    ItemKind,
    Placement,
    RequestPolicy,
    WeeklyHours,
    WorkingHours,
    WorkingSchedule,
    requestable_slots,
)
from clinic_availability.domain.intervals import covers, normalise, overlaps_any
from clinic_availability.domain.local_days import local_date, local_days
from clinic_availability.service_layer import slots, working_hours
from clinic_availability.service_layer.availability import Visit, judge
from clinic_availability.service_layer.unit_of_work import unit_of_work
from clinic_availability.service_layer.working_hours import Period
from clinic_contracts.events import Closure as ClosureSetting
from clinic_contracts.events import OpeningInterval
from tests.availability.integration.conftest import AVAILABILITY_DATABASE
from tests.availability.world import new_world

ZONES = ("America/New_York", "Europe/London", "Australia/Lord_Howe")  # the last moves by 30 minutes


def clock_changes(zone: ZoneInfo) -> list[date]:
    day, found = date(2026, 1, 1), []
    while day.year == 2026:
        midnight = datetime.combine(day, time())
        if zone.utcoffset(midnight) != zone.utcoffset(midnight + timedelta(days=1)):
            found.append(day)
        day += timedelta(days=1)
    return found


CLOCK_CHANGES = {key: clock_changes(ZoneInfo(key)) for key in ZONES}
# Night hours, so the clock changes fall inside open hours; a day with a lunch break.
LOCATION_RANGES = ((time(0, 30), time(4)), (time(8), time(12)), (time(13), time(17, 30)))


def wall(steps: int) -> time:
    """Five-minute steps after midnight."""
    return time(steps // 12, steps % 12 * 5)


@dataclass
class Scenario:
    zone: str
    date_from: date
    date_to: date
    now: datetime
    location_hours: tuple[OpeningInterval, ...]
    closures: tuple[ClosureSetting, ...]
    periods: list[Period]
    time_off: list[tuple[datetime, datetime]]
    extra_hours: list[tuple[datetime, datetime]]
    items: list[tuple[ItemKind, bool, datetime, datetime]]  # kind, blocking, start, end
    duration_minutes: int
    notice_hours: int
    horizon_days: int
    interval_minutes: int


@st.composite
def scenarios(draw) -> Scenario:
    zone = draw(st.sampled_from(ZONES))
    change = draw(st.sampled_from(CLOCK_CHANGES[zone]))
    date_from = change - timedelta(days=draw(st.integers(0, 3)))
    date_to = date_from + timedelta(days=draw(st.integers(0, 5)))
    range_start = datetime.combine(date_from, time(), ZoneInfo(zone)).astimezone(UTC)

    def moment() -> datetime:
        return range_start + timedelta(minutes=5 * draw(st.integers(-24, 7 * 24 * 12)))

    location_hours = tuple(
        OpeningInterval(weekday=weekday, start=start, end=end)
        for weekday in range(7)
        for start, end in LOCATION_RANGES
        if draw(st.booleans())
    )

    def weekly() -> list[tuple[int, time, time]]:
        hours = []
        for weekday in range(7):
            if draw(st.integers(0, 3)):
                start = draw(st.one_of(st.integers(0, 60), st.integers(60, 250)))
                hours.append((weekday, wall(start), wall(min(287, start + draw(st.integers(6, 144))))))
        return hours

    first_from = date_from + timedelta(days=draw(st.integers(-10, 2)))
    periods = [Period(first_from, None, weekly())]
    if draw(st.booleans()):
        switch = date_from + timedelta(days=draw(st.integers(0, 4)))
        switch = max(first_from, switch)
        periods = [Period(first_from, switch, periods[0].hours), Period(switch + timedelta(1), None, weekly())]

    def spans(most: int) -> list[tuple[datetime, datetime]]:
        found = []
        for _ in range(draw(st.integers(0, most))):
            start = moment()
            found.append((start, start + timedelta(minutes=5 * draw(st.integers(1, 100)))))
        return found

    items = []
    for _ in range(draw(st.integers(0, 10))):
        kind = draw(st.sampled_from([ItemKind.APPOINTMENT, ItemKind.BLOCK, ItemKind.HOLD]))
        start = moment()
        end = start + timedelta(minutes=5 * draw(st.integers(3, 30)))
        items.append((kind, kind is not ItemKind.HOLD or draw(st.booleans()), start, end))
    closures = ()
    if draw(st.integers(0, 3)) == 0:
        closed = date_from + timedelta(days=draw(st.integers(0, 5)))
        closures = (ClosureSetting(first_day=closed, last_day=closed),)
    return Scenario(
        zone=zone,
        date_from=date_from,
        date_to=date_to,
        # Mostly before the range, so the notice and the horizon cut into it now and then.
        now=range_start - timedelta(minutes=5 * draw(st.integers(-120, 48 * 12))),
        location_hours=location_hours,
        closures=closures,
        periods=periods,
        time_off=spans(2),
        extra_hours=spans(1),
        items=items,
        duration_minutes=draw(st.sampled_from([15, 30, 45, 60])),
        notice_hours=draw(st.integers(0, 30)),
        horizon_days=draw(st.integers(2, 10)),
        interval_minutes=draw(st.sampled_from([10, 15, 30])),
    )


def oracle_context(scenario: Scenario) -> AvailabilityContext:
    """The context the rules speak of, built from the scenario without the service's code."""
    location: dict[int, list] = {}
    for interval in scenario.location_hours:
        location.setdefault(interval.weekday, []).append((interval.start, interval.end))
    periods = []
    for period in scenario.periods:
        weekly: dict[int, list] = {}
        for weekday, start, end in period.hours:
            weekly.setdefault(weekday, []).append((start, end))
        periods.append(WorkingHours(WeeklyHours(weekly), period.effective_from, period.effective_to))
    busy = [Interval(start, end) for kind, blocking, start, end in scenario.items if blocking]
    return AvailabilityContext(
        location_zone=ZoneInfo(scenario.zone),
        location_hours=WeeklyHours(location),
        location_closures=[Closure(c.first_day, c.last_day) for c in scenario.closures],
        working_hours=WorkingSchedule(
            periods,
            [Interval(*span) for span in scenario.time_off],
            [Interval(*span) for span in scenario.extra_hours],
        ),
        busy=busy,
        visit_duration=timedelta(minutes=scenario.duration_minutes),
        policy=RequestPolicy(
            timedelta(hours=scenario.notice_hours),
            timedelta(days=scenario.horizon_days),
            timedelta(minutes=scenario.interval_minutes),
        ),
    )


@pytest.fixture
async def sqlite_runtime(sqlite_database: str):
    built = AVAILABILITY_DATABASE.runtime(sqlite_database)
    yield built
    await built.engine.dispose()


async def store(runtime, scenario: Scenario):
    world = new_world(
        time_zone=scenario.zone,
        location_hours=scenario.location_hours,
        closures=scenario.closures,
        duration_minutes=scenario.duration_minutes,
        minimum_notice_hours=scenario.notice_hours,
        booking_horizon_days=scenario.horizon_days,
        slot_interval_minutes=scenario.interval_minutes,
    )
    async with runtime.sessions.begin() as session:
        for state in world.states():
            await runtime.settings_replica.apply(session, state, world.clinic_id)
    therapist_id = world.therapist.therapist_id
    await working_hours.set_schedule(
        runtime, therapist_id, world.location.location_id, scenario.periods, scenario.extra_hours
    )
    await working_hours.set_time_off(runtime, therapist_id, scenario.time_off)
    async with unit_of_work(runtime) as uow:
        for kind, blocking, start, end in scenario.items:
            await uow.calendar.add(
                CalendarItem(
                    item_id=uuid.uuid4(),
                    clinic_id=world.clinic_id,
                    kind=kind,
                    therapist_id=therapist_id,
                    location_id=world.location.location_id,
                    start=start,
                    end=end,
                    blocking=blocking,
                    request_id=uuid.uuid4() if kind is ItemKind.HOLD else None,
                )
            )
    return world


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(scenario=scenarios())
async def test_the_service_lists_exactly_the_slots_the_rules_allow(sqlite_runtime, scenario: Scenario) -> None:
    runtime = sqlite_runtime
    world = await store(runtime, scenario)
    case_id, visit_type_id = world.case.case_id, world.visit_type.visit_type_id
    first, last = scenario.date_from, scenario.date_to
    listing = await slots.requestable(runtime, slots.SlotQuery(case_id, visit_type_id, first, last), scenario.now)
    context = oracle_context(scenario)
    expected = requestable_slots(context, scenario.date_from, scenario.date_to, scenario.now)
    assert [(s.start, s.end) for s in listing.slots] == [(s.start, s.end) for s in expected]

    zone = ZoneInfo(scenario.zone)
    policy = context.policy
    for slot in listing.slots:
        visit = Interval(slot.start, slot.end)
        days = local_days(zone, local_date(slot.start, zone), local_date(slot.end, zone))
        assert scenario.date_from <= local_date(slot.start, zone) <= scenario.date_to
        assert covers(context.location_open(days), visit), "outside the location's hours"
        assert covers(context.working(days), visit), "outside the therapist's working hours"
        assert not overlaps_any(normalise(context.busy), visit), "over a busy item"
        assert policy.earliest_start(scenario.now) <= slot.start < policy.horizon_end(scenario.now)

    # Listing and holding agree: a listed slot is one the hold path accepts.
    for slot in random.Random(len(listing.slots)).sample(listing.slots, min(4, len(listing.slots))):
        async with unit_of_work(runtime) as uow:
            therapist_id, location_id = world.therapist.therapist_id, world.location.location_id
            visit = Visit(therapist_id, location_id, slot.start, slot.end, uuid.uuid4())
            judgement = await judge(uow, visit, Placement.REQUESTED_HOLD, scenario.now, world.duration)
        assert judgement.refusal is None
