"""Property tests of the slot listing, on ordinary and clock-change days in several zones.

The listing is checked against an oracle written from the rules' wording (zoneinfo for every
wall time, no shortcuts), and against check_bookable in both directions.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from availability_builders import UTC
from hypothesis import given, settings
from hypothesis import strategies as st

from clinic_availability.domain import (
    AvailabilityContext,
    Closure,
    Interval,
    RequestPolicy,
    Slot,
    WeeklyHours,
    WorkingHours,
    check_bookable,
    requestable_slots,
)
from tests.hypothesis_profiles import examples

ZONES = [
    ZoneInfo(key)
    for key in (
        "America/New_York",
        "Europe/London",
        "America/Santiago",  # clocks skip midnight in September
        "Australia/Lord_Howe",  # 30-minute clock change
        "Asia/Kathmandu",  # +05:45, no clock change
        "Asia/Beirut",  # changes at midnight
        "Africa/Casablanca",  # two changes a month apart
        "UTC",
    )
]
STEP = timedelta(minutes=5)  # every time in these scenarios is a multiple of it


def clock_change_dates(zone: ZoneInfo) -> list[date]:
    day, found = date(2026, 1, 1), []
    while day.year == 2026:
        if zone.utcoffset(datetime.combine(day, time())) != zone.utcoffset(
            datetime.combine(day + timedelta(days=1), time())
        ):
            found.append(day)
        day += timedelta(days=1)
    return found


CLOCK_CHANGES = {zone.key: clock_change_dates(zone) for zone in ZONES}


# Night hours span the clock changes of most zones; the day has a lunch break.
NIGHT_AND_DAY = {
    weekday: [(time(0, 30), time(4)), (time(8), time(12)), (time(13), time(17, 30))] for weekday in range(7)
}


def wall_time(steps: int) -> time:
    return time(steps // 12, steps % 12 * 5)


@st.composite
def weekly_hours(draw) -> dict[int, list[tuple[time, time]]]:
    spec = {}
    for weekday in range(7):
        day_hours = []
        for _ in range(draw(st.sampled_from([2, 3, 1, 0]))):
            # Night hours often, so clock changes fall inside open hours.
            start = draw(st.one_of(st.integers(0, 286), st.integers(0, 60)))
            end = min(287, start + draw(st.one_of(st.integers(12, 144), st.integers(1, 12))))
            day_hours.append((wall_time(start), wall_time(end)))
        spec[weekday] = day_hours
    return spec


@dataclass
class Scenario:
    context: AvailabilityContext
    location_spec: dict
    working_spec: dict
    date_from: date
    date_to: date
    now: datetime

    @property
    def zone(self) -> ZoneInfo:
        return self.context.location_zone

    def range_start(self) -> datetime:
        return datetime.combine(self.date_from, time(), self.zone).astimezone(UTC)

    def range_end(self) -> datetime:
        return datetime.combine(self.date_to + timedelta(days=1), time(), self.zone).astimezone(UTC)


@st.composite
def scenarios(draw, max_days: int = 3) -> Scenario:
    zone = draw(st.sampled_from(ZONES))
    changes = CLOCK_CHANGES[zone.key]
    if changes and draw(st.booleans()):
        anchor = draw(st.sampled_from(changes))
    else:
        anchor = draw(st.dates(date(2026, 1, 1), date(2026, 12, 30)))
    date_from = anchor - timedelta(days=draw(st.integers(0, 1)))
    date_to = date_from + timedelta(days=draw(st.integers(0, max_days - 1)))
    base = datetime.combine(date_from, time(), zone).astimezone(UTC)

    def near_range(max_minutes: int):
        return st.tuples(st.integers(-144, 3 * 288 + 144), st.integers(1, max_minutes // 5)).map(
            lambda p: Interval(base + p[0] * STEP, base + (p[0] + p[1]) * STEP)
        )

    location_spec = draw(st.one_of(st.just(NIGHT_AND_DAY), weekly_hours()))
    all_day = {weekday: [(time(0), time(23, 55))] for weekday in range(7)}
    working_spec = draw(st.sampled_from([location_spec, all_day, draw(weekly_hours())]))
    effective_from = date_from + timedelta(days=draw(st.integers(-3, 1)))
    effective_to = draw(st.one_of(st.none(), st.integers(0, 3).map(lambda n: effective_from + timedelta(days=n))))
    closures = []
    if draw(st.integers(0, 3)) == 3:
        first_closed = date_from + timedelta(days=draw(st.integers(-2, 3)))
        closures.append(Closure(first_closed, first_closed + timedelta(days=draw(st.integers(0, 1)))))
    context = AvailabilityContext(
        location_zone=zone,
        location_hours=WeeklyHours(location_spec),
        location_closures=closures,
        working_hours=WorkingHours(
            WeeklyHours(working_spec),
            effective_from=effective_from,
            effective_to=effective_to,
            time_off=draw(st.lists(near_range(8 * 60), max_size=2)),
            extra_hours=draw(st.lists(near_range(8 * 60), max_size=2)),
        ),
        busy=draw(st.lists(near_range(3 * 60), max_size=8)),
        visit_duration=timedelta(
            minutes=draw(st.one_of(st.sampled_from([30, 45, 60]), st.integers(1, 24).map(lambda n: 5 * n)))
        ),
        policy=RequestPolicy(
            minimum_notice=draw(st.integers(0, 12 * 12)) * STEP,
            booking_horizon=timedelta(days=draw(st.integers(1, 10))) - draw(st.integers(0, 287)) * STEP,
            slot_interval=timedelta(minutes=draw(st.sampled_from([5, 10, 15, 20, 30, 45, 60]))),
        ),
    )
    now = base + draw(st.integers(-2 * 24 * 60, 24 * 60)) * timedelta(minutes=1)
    return Scenario(context, location_spec, working_spec, date_from, date_to, now)


# The oracle: the rules as written, one zoneinfo conversion per wall time.


def to_utc(day: date, wall: time, zone: ZoneInfo) -> datetime:
    return datetime.combine(day, wall, zone).astimezone(UTC)  # fold=0: the gap moves forward


def weekly_oracle(spec: dict, zone: ZoneInfo, days: list[date]) -> list[tuple[datetime, datetime]]:
    result = []
    for day in days:
        midnight_after = to_utc(day + timedelta(days=1), time(), zone)
        for wall_start, wall_end in spec.get(day.weekday(), []):
            start, end = to_utc(day, wall_start, zone), min(to_utc(day, wall_end, zone), midnight_after)
            if start < end:
                result.append((start, end))
    return result


def dates_around(slot: Slot, zone: ZoneInfo) -> list[date]:
    first = slot.start.astimezone(zone).date() - timedelta(days=1)
    return [first + timedelta(days=n) for n in range((slot.end.astimezone(zone).date() - first).days + 1)]


def covered(start: datetime, end: datetime, pieces) -> bool:
    """Whether the union of `pieces` covers [start, end)."""
    reached = start
    for piece_start, piece_end in sorted(pieces):
        if piece_start <= reached < piece_end:
            reached = piece_end
    return reached >= end


def overlaps(start: datetime, end: datetime, intervals) -> bool:
    return any(i.start < end and start < i.end for i in intervals)


def assert_slot_obeys_the_rules(slot: Slot, scenario: Scenario) -> None:
    ctx, zone = scenario.context, scenario.zone
    assert slot.start.tzinfo is UTC and slot.end.tzinfo is UTC
    assert slot.end - slot.start == ctx.visit_duration
    assert slot.local_start == slot.start.astimezone(zone)
    assert scenario.date_from <= slot.local_start.date() <= scenario.date_to
    assert slot.start >= scenario.now + ctx.policy.minimum_notice
    assert slot.start < scenario.now + ctx.policy.booking_horizon

    days = dates_around(slot, zone)
    open_days = [d for d in days if not any(c.first_day <= d <= c.last_day for c in ctx.location_closures)]
    assert covered(slot.start, slot.end, weekly_oracle(scenario.location_spec, zone, open_days))

    working = ctx.working_hours
    effective = [d for d in days if working.is_effective_on(d)]
    extra = [(i.start, i.end) for i in working.extra_hours]
    assert covered(slot.start, slot.end, weekly_oracle(scenario.working_spec, zone, effective) + extra)
    assert not overlaps(slot.start, slot.end, working.time_off)

    assert not overlaps(slot.start, slot.end, ctx.busy)

    midnight = datetime.combine(slot.local_start.date(), time())
    if zone.utcoffset(midnight) == zone.utcoffset(midnight + timedelta(days=1)):
        wall = slot.local_start.replace(tzinfo=None) - midnight
        assert wall % ctx.policy.slot_interval == timedelta(0)


@settings(max_examples=examples(300), deadline=None)
@given(scenarios())
def test_listed_slots_obey_every_rule(scenario):
    slots = requestable_slots(scenario.context, scenario.date_from, scenario.date_to, scenario.now)
    assert all(a.start < b.start for a, b in zip(slots, slots[1:], strict=False))
    for slot in slots:
        assert_slot_obeys_the_rules(slot, scenario)


@settings(max_examples=examples(120), deadline=None)
@given(scenarios(max_days=2))
def test_listing_is_exactly_what_check_bookable_accepts_on_the_grid(scenario):
    ctx, now = scenario.context, scenario.now
    listed = {slot.start for slot in requestable_slots(ctx, scenario.date_from, scenario.date_to, now)}
    for start in listed:
        assert check_bookable(start, start + ctx.visit_duration, ctx, now) is None

    # Every grid time lies on the 5-minute lattice, so trying each lattice time finds them all.
    candidate, range_end = scenario.range_start(), scenario.range_end()
    while candidate < range_end:
        refusal = check_bookable(candidate, candidate + ctx.visit_duration, ctx, now)
        assert (refusal is None) == (candidate in listed), (candidate, refusal)
        if refusal is None:
            assert check_bookable(candidate, candidate + ctx.visit_duration, ctx, now, require_slot_grid=False) is None
        candidate += STEP
