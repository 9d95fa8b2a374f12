from datetime import date, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from availability_builders import LONDON, NEW_YORK, between, context, every_day, hours, local, utc

from clinic_availability.domain import Closure, WeeklyHours, WorkingHours
from clinic_availability.domain.local_days import local_days

SANTIAGO = ZoneInfo("America/Santiago")


def in_zone(weekly: WeeklyHours, zone: ZoneInfo, first: date, last: date | None = None):
    return weekly.utc_intervals(local_days(zone, first, last or first))


def real_hours(intervals) -> float:
    return sum((i.end - i.start for i in intervals), timedelta()) / timedelta(hours=1)


# Local days


def test_local_days_are_contiguous_and_know_their_length():
    days = local_days(NEW_YORK, date(2026, 3, 7), date(2026, 3, 9))
    assert [d.date for d in days] == [date(2026, 3, 7), date(2026, 3, 8), date(2026, 3, 9)]
    assert all(a.end == b.start for a, b in zip(days, days[1:], strict=False))
    assert [(d.end - d.start) / timedelta(hours=1) for d in days] == [24, 23, 24]
    assert [d.offset for d in days] == [timedelta(hours=-5), None, timedelta(hours=-4)]


def test_fall_back_day_has_25_hours():
    (day,) = local_days(LONDON, date(2026, 10, 25), date(2026, 10, 25))
    assert day.start == utc(2026, 10, 24, 23)
    assert day.end - day.start == timedelta(hours=25)


def test_a_day_whose_midnight_is_skipped_starts_at_one():
    # Chile moves its clocks from 00:00 straight to 01:00 on 2026-09-06.
    saturday, sunday = local_days(SANTIAGO, date(2026, 9, 5), date(2026, 9, 6))
    assert saturday.end == sunday.start == utc(2026, 9, 6, 4)
    assert sunday.start.astimezone(SANTIAGO).hour == 1
    assert sunday.wall_clock(sunday.start) == timedelta(hours=1)


# Weekly hours on ordinary days


def test_weekly_hours_in_winter_and_summer():
    weekly = WeeklyHours({0: hours((9, 17))})
    assert in_zone(weekly, NEW_YORK, date(2026, 1, 5)) == [between(utc(2026, 1, 5, 14), utc(2026, 1, 5, 22))]
    assert in_zone(weekly, NEW_YORK, date(2026, 7, 6)) == [between(utc(2026, 7, 6, 13), utc(2026, 7, 6, 21))]


def test_lunch_break_is_a_gap():
    weekly = WeeklyHours({2: hours((8, 12), (13, 17))})
    assert in_zone(weekly, LONDON, date(2026, 1, 7)) == [
        between(utc(2026, 1, 7, 8), utc(2026, 1, 7, 12)),
        between(utc(2026, 1, 7, 13), utc(2026, 1, 7, 17)),
    ]


def test_hours_follow_the_weekday():
    weekly = WeeklyHours({0: hours((9, 10)), 5: hours((10, 11))})
    intervals = in_zone(weekly, LONDON, date(2026, 1, 5), date(2026, 1, 11))  # Monday to Sunday
    assert intervals == [
        between(utc(2026, 1, 5, 9), utc(2026, 1, 5, 10)),
        between(utc(2026, 1, 10, 10), utc(2026, 1, 10, 11)),
    ]


def test_touching_and_overlapping_hours_merge():
    weekly = WeeklyHours({0: hours((13, 15), (8, 12), (12, 13), (14, 16))})
    assert in_zone(weekly, LONDON, date(2026, 1, 5)) == [between(utc(2026, 1, 5, 8), utc(2026, 1, 5, 16))]


def test_hours_across_a_week_with_a_clock_change():
    weekly = every_day((9, 17))
    intervals = in_zone(weekly, NEW_YORK, date(2026, 3, 7), date(2026, 3, 9))
    assert [i.start.hour for i in intervals] == [14, 13, 13]
    assert all(i.end - i.start == timedelta(hours=8) for i in intervals)


@pytest.mark.parametrize(
    "bad, message",
    [
        ({7: hours((9, 10))}, "weekday"),
        ({0: hours((10, 9))}, "end after"),
        ({0: hours((9, 9))}, "end after"),
        ({0: [(time(9, tzinfo=NEW_YORK), time(10))]}, "without a zone"),
    ],
)
def test_invalid_weekly_hours(bad, message):
    with pytest.raises(ValueError, match=message):
        WeeklyHours(bad)


def test_weekly_hours_cannot_change_after_creation():
    given = {0: hours((9, 10))}
    weekly = WeeklyHours(given)
    given[0].append((time(11), time(12)))
    assert in_zone(weekly, LONDON, date(2026, 1, 5)) == [between(utc(2026, 1, 5, 9), utc(2026, 1, 5, 10))]
    with pytest.raises(TypeError):
        weekly.hours[1] = ()


# Clock changes. Spring forward: a wall time in the gap moves forward by the gap; fall back:
# an ambiguous wall time is its first occurrence.


def test_new_york_spring_forward_night_hours_are_two_real_hours():
    (interval,) = in_zone(every_day((1, 4)), NEW_YORK, date(2026, 3, 8))
    assert interval == between(utc(2026, 3, 8, 6), utc(2026, 3, 8, 8))
    assert interval.start.astimezone(NEW_YORK).hour == 1
    assert interval.end.astimezone(NEW_YORK).hour == 4


def test_new_york_opening_inside_the_gap_moves_forward():
    (interval,) = in_zone(every_day((time(2, 30), time(4))), NEW_YORK, date(2026, 3, 8))
    assert interval.start.astimezone(NEW_YORK).time() == time(3, 30)
    assert real_hours([interval]) == 0.5


def test_hours_wholly_skipped_by_the_gap_overlapping_later_hours_merge():
    # 01:00-02:30 runs to 03:30 once 02:30 moves forward, into 03:00-04:00.
    weekly = every_day((time(1), time(2, 30)), (time(3), time(4)))
    assert in_zone(weekly, NEW_YORK, date(2026, 3, 8)) == [between(utc(2026, 3, 8, 6), utc(2026, 3, 8, 8))]


def test_hours_that_end_before_their_moved_start_vanish():
    weekly = every_day((time(2, 30), time(3, 15)), (time(9), time(10)))
    assert in_zone(weekly, NEW_YORK, date(2026, 3, 8)) == [between(utc(2026, 3, 8, 13), utc(2026, 3, 8, 14))]


def test_new_york_fall_back_night_hours_are_four_real_hours():
    (interval,) = in_zone(every_day((1, 4)), NEW_YORK, date(2026, 11, 1))
    assert interval == between(utc(2026, 11, 1, 5), utc(2026, 11, 1, 9))


def test_new_york_ambiguous_time_is_its_first_occurrence():
    (interval,) = in_zone(every_day((time(1, 30), time(3))), NEW_YORK, date(2026, 11, 1))
    assert interval.start == utc(2026, 11, 1, 5, 30)  # 01:30 EDT, not 01:30 EST
    assert real_hours([interval]) == 2.5


def test_london_spring_forward():
    (interval,) = in_zone(every_day((time(0, 30), time(3))), LONDON, date(2026, 3, 29))
    assert interval == between(utc(2026, 3, 29, 0, 30), utc(2026, 3, 29, 2))


def test_london_fall_back():
    (interval,) = in_zone(every_day((time(0, 30), time(3))), LONDON, date(2026, 10, 25))
    assert interval == between(utc(2026, 10, 24, 23, 30), utc(2026, 10, 25, 3))
    (first_one_thirty,) = in_zone(every_day((time(1, 30), time(3))), LONDON, date(2026, 10, 25))
    assert first_one_thirty.start == utc(2026, 10, 25, 0, 30)


def test_office_hours_on_clock_change_days_keep_their_length():
    for zone, day in [
        (NEW_YORK, date(2026, 3, 8)),
        (NEW_YORK, date(2026, 11, 1)),
        (LONDON, date(2026, 3, 29)),
        (LONDON, date(2026, 10, 25)),
    ]:
        intervals = in_zone(every_day((8, 12), (13, 17)), zone, day)
        assert real_hours(intervals) == 8
        assert intervals[0].start.astimezone(zone).time() == time(8)


def test_midnight_skipped_by_the_clock_moves_forward():
    (interval,) = in_zone(every_day((0, 2)), SANTIAGO, date(2026, 9, 6))
    assert interval == between(utc(2026, 9, 6, 4), utc(2026, 9, 6, 5))


# Closures


def test_closures_remove_whole_days_including_both_ends():
    ctx = context(
        zone=LONDON,
        location_hours=every_day((9, 17)),
        closures=[Closure(date(2026, 1, 6), date(2026, 1, 7))],
    )
    days = ctx.local_days(date(2026, 1, 5), date(2026, 1, 8))
    assert [i.start.date() for i in ctx.location_open(days)] == [date(2026, 1, 5), date(2026, 1, 8)]
    assert ctx.location_closed(days) == [between(utc(2026, 1, 6), utc(2026, 1, 8))]


def test_closure_dates_are_local():
    ctx = context(location_hours=every_day((0, 23)), closures=[Closure(date(2026, 1, 6), date(2026, 1, 6))])
    days = ctx.local_days(date(2026, 1, 6), date(2026, 1, 6))
    assert ctx.location_closed(days) == [between(local(NEW_YORK, 2026, 1, 6), local(NEW_YORK, 2026, 1, 7))]


def test_closure_cannot_end_before_it_starts():
    with pytest.raises(ValueError):
        Closure(date(2026, 1, 7), date(2026, 1, 6))


# Working hours: effective dates and exceptions


def working_days(working: WorkingHours, first: date, last: date) -> list[date]:
    return sorted({i.start.date() for i in working.utc_intervals(local_days(LONDON, first, last))})


def test_working_hours_apply_between_their_effective_dates():
    working = WorkingHours(every_day((9, 17)), effective_from=date(2026, 1, 6), effective_to=date(2026, 1, 8))
    assert working_days(working, date(2026, 1, 4), date(2026, 1, 10)) == [
        date(2026, 1, 6),
        date(2026, 1, 7),
        date(2026, 1, 8),
    ]


def test_working_hours_without_an_end_date_go_on():
    working = WorkingHours(every_day((9, 17)), effective_from=date(2026, 1, 9))
    assert working_days(working, date(2026, 1, 4), date(2026, 1, 12))[-1] == date(2026, 1, 12)


def test_working_hours_cannot_end_before_they_take_effect():
    with pytest.raises(ValueError):
        WorkingHours(every_day((9, 17)), effective_from=date(2026, 1, 9), effective_to=date(2026, 1, 8))


def test_time_off_is_removed_and_extra_hours_added():
    working = WorkingHours(
        WeeklyHours({0: hours((9, 17))}),  # Mondays
        effective_from=date(2026, 1, 1),
        time_off=[between(utc(2026, 1, 5, 12), utc(2026, 1, 5, 14))],
        extra_hours=[
            between(utc(2026, 1, 6, 10), utc(2026, 1, 6, 12)),
            between(utc(2026, 1, 5, 17), utc(2026, 1, 5, 18)),
        ],
    )
    assert working.utc_intervals(local_days(LONDON, date(2026, 1, 5), date(2026, 1, 6))) == [
        between(utc(2026, 1, 5, 9), utc(2026, 1, 5, 12)),
        between(utc(2026, 1, 5, 14), utc(2026, 1, 5, 18)),
        between(utc(2026, 1, 6, 10), utc(2026, 1, 6, 12)),
    ]


def test_extra_hours_count_outside_the_effective_dates_and_time_off_beats_them():
    working = WorkingHours(
        every_day((9, 17)),
        effective_from=date(2026, 2, 1),
        time_off=[between(utc(2026, 1, 5, 11), utc(2026, 1, 5, 12))],
        extra_hours=[between(utc(2026, 1, 5, 10), utc(2026, 1, 5, 13))],
    )
    assert working.utc_intervals(local_days(LONDON, date(2026, 1, 5), date(2026, 1, 5))) == [
        between(utc(2026, 1, 5, 10), utc(2026, 1, 5, 11)),
        between(utc(2026, 1, 5, 12), utc(2026, 1, 5, 13)),
    ]


def test_extra_hours_are_clipped_to_the_days_asked_for():
    working = WorkingHours(
        WeeklyHours({}),
        effective_from=date(2026, 1, 1),
        extra_hours=[between(utc(2026, 1, 4, 20), utc(2026, 1, 6, 2))],
    )
    assert working.utc_intervals(local_days(LONDON, date(2026, 1, 5), date(2026, 1, 5))) == [
        between(utc(2026, 1, 5), utc(2026, 1, 6))
    ]


def test_a_day_skipped_by_the_clock_has_no_hours():
    # Samoa moved across the date line, going from 29 December 2011 straight to the 31st.
    apia = ZoneInfo("Pacific/Apia")
    days = local_days(apia, date(2011, 12, 29), date(2011, 12, 31))
    assert [d.date for d in days] == [date(2011, 12, 29), date(2011, 12, 31)]
    assert days[0].end == days[1].start
    intervals = WeeklyHours({d: hours((9, 17)) for d in range(7)}).utc_intervals(days)
    assert [i.start.astimezone(apia).date() for i in intervals] == [
        date(2011, 12, 29),
        date(2011, 12, 31),
    ]


def test_hours_moved_past_midnight_by_the_gap_end_at_midnight():
    # Greenland's clocks went from 23:00 on 2024-03-30 straight to 00:00 on the 31st.
    nuuk = ZoneInfo("America/Nuuk")
    (interval,) = in_zone(every_day((time(22), time(23, 45))), nuuk, date(2024, 3, 30))
    assert interval == between(utc(2024, 3, 31, 0), utc(2024, 3, 31, 1))
    assert interval.end == local_days(nuuk, date(2024, 3, 31), date(2024, 3, 31))[0].start
