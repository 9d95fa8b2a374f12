from datetime import date, datetime, time, timedelta

from availability_builders import (
    LONDON,
    NEW_YORK,
    UTC,
    between,
    context,
    every_day,
    hours,
    local,
    policy,
    utc,
)

from clinic_availability.domain import Closure, WeeklyHours, requestable_slots

MONDAY = date(2026, 5, 4)
NOW = utc(2026, 5, 1)


def local_starts(slots, zone=NEW_YORK) -> list[str]:
    return [slot.start.astimezone(zone).strftime("%H:%M") for slot in slots]


def quarter_hours(first: str, last: str) -> list[str]:
    hour, minute = map(int, first.split(":"))
    result = []
    while f"{hour:02}:{minute:02}" <= last:
        result.append(f"{hour:02}:{minute:02}")
        hour, minute = hour + (minute + 15) // 60, (minute + 15) % 60
    return result


def test_office_day_has_grid_slots_around_lunch():
    slots = requestable_slots(context(visit=timedelta(minutes=45)), MONDAY, MONDAY, NOW)
    assert local_starts(slots) == quarter_hours("08:00", "11:15") + quarter_hours("13:00", "16:15")
    assert all(slot.end - slot.start == timedelta(minutes=45) for slot in slots)
    assert slots[0].start == utc(2026, 5, 4, 12) and slots[0].start.tzinfo is UTC


def test_slot_gives_its_local_start_for_display():
    first, *_ = requestable_slots(context(), MONDAY, MONDAY, NOW)
    assert first.local_start == local(NEW_YORK, 2026, 5, 4, 8)
    assert first.local_start.utcoffset() == timedelta(hours=-4)


def test_busy_items_remove_overlapping_slots_without_moving_the_grid():
    busy = [between(local(NEW_YORK, 2026, 5, 4, 10), local(NEW_YORK, 2026, 5, 4, 10, 20))]
    slots = requestable_slots(context(busy=busy, visit=timedelta(minutes=45)), MONDAY, MONDAY, NOW)
    assert local_starts(slots) == (
        quarter_hours("08:00", "09:15") + quarter_hours("10:30", "11:15") + quarter_hours("13:00", "16:15")
    )


def test_grid_is_aligned_to_local_midnight_when_a_window_opens_off_grid():
    location = WeeklyHours({0: [(time(9, 10), time(11))]})
    slots = requestable_slots(
        context(
            location_hours=location,
            visit=timedelta(minutes=30),
            request_policy=policy(interval=timedelta(minutes=20)),
        ),
        MONDAY,
        MONDAY,
        NOW,
    )
    assert local_starts(slots) == ["09:20", "09:40", "10:00", "10:20"]


def test_minimum_notice_and_horizon_trim_the_listing():
    ctx = context(request_policy=policy(notice=timedelta(hours=2), horizon=timedelta(hours=6)))
    now = local(NEW_YORK, 2026, 5, 4, 8, 50)
    slots = requestable_slots(ctx, MONDAY, MONDAY, now)
    assert local_starts(slots) == quarter_hours("11:00", "11:15") + quarter_hours("13:00", "14:45")


def test_nothing_on_closed_days_or_outside_working_hours():
    ctx = context(
        closures=[Closure(date(2026, 5, 5), date(2026, 5, 6))],
        working_hours=WeeklyHours({day: hours((8, 12)) for day in range(5)}),
    )
    slots = requestable_slots(ctx, MONDAY, MONDAY + timedelta(days=6), NOW)
    assert sorted({slot.local_start.date() for slot in slots}) == [
        date(2026, 5, 4),
        date(2026, 5, 7),
        date(2026, 5, 8),
    ]
    assert all(slot.local_start.hour < 12 for slot in slots)


def test_dates_are_local_and_inclusive():
    ctx = context(
        location_hours=every_day((0, 2), (22, 23)),
        working_hours=every_day((0, 23)),
        visit=timedelta(hours=1),
    )
    slots = requestable_slots(ctx, MONDAY, MONDAY, NOW)
    assert local_starts(slots) == quarter_hours("00:00", "01:00") + quarter_hours("22:00", "22:00")
    assert {slot.local_start.date() for slot in slots} == {MONDAY}
    assert requestable_slots(ctx, MONDAY, MONDAY - timedelta(days=1), NOW) == []


def new_york_night_slots(night: date, interval: timedelta, now: datetime) -> list:
    """An hour's visit on one night in New York: the location open 01:00-04:00, the therapist
    working 00:00-06:00, so the clock change at 02:00 falls inside both."""
    ctx = context(
        location_hours=every_day((1, 4)),
        working_hours=every_day((0, 6)),
        visit=timedelta(hours=1),
        request_policy=policy(interval=interval),
    )
    return requestable_slots(ctx, night, night, now)


def test_new_york_spring_forward_night_has_two_hours_of_slots():
    slots = new_york_night_slots(date(2026, 3, 8), timedelta(minutes=30), utc(2026, 3, 1))
    assert [slot.start for slot in slots] == [
        utc(2026, 3, 8, 6),
        utc(2026, 3, 8, 6, 30),
        utc(2026, 3, 8, 7),
    ]
    assert local_starts(slots) == ["01:00", "01:30", "03:00"]


def test_new_york_fall_back_night_has_four_hours_of_slots():
    slots = new_york_night_slots(date(2026, 11, 1), timedelta(hours=1), utc(2026, 10, 1))
    assert [slot.start for slot in slots] == [utc(2026, 11, 1, hour) for hour in (5, 6, 7, 8)]
    assert local_starts(slots) == ["01:00", "01:00", "02:00", "03:00"]
    assert [slot.local_start.fold for slot in slots] == [0, 1, 0, 0]


def test_london_clock_change_weekends_keep_office_slots_at_office_times():
    ctx = context(
        zone=LONDON,
        location_hours=every_day((9, 12)),
        working_hours=every_day((9, 12)),
        visit=timedelta(hours=1),
        request_policy=policy(interval=timedelta(hours=1)),
    )
    for day in (date(2026, 3, 28), date(2026, 3, 29), date(2026, 3, 30), date(2026, 10, 25)):
        slots = requestable_slots(ctx, day, day, utc(2026, 3, 1))
        assert local_starts(slots, LONDON) == ["09:00", "10:00", "11:00"]


def test_a_month_of_slots_across_a_clock_change():
    slots = requestable_slots(
        context(visit=timedelta(minutes=45)), date(2026, 3, 1), date(2026, 3, 31), utc(2026, 2, 1)
    )
    assert len(slots) == 22 * 28  # 22 weekdays, 28 slots each
    assert {local_starts([slot])[0] for slot in slots} == set(
        quarter_hours("08:00", "11:15") + quarter_hours("13:00", "16:15")
    )
