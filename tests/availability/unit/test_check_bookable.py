from datetime import date, datetime, time, timedelta

import pytest
from availability_builders import NEW_YORK, WEEKDAYS, between, context, hours, local, policy, utc

from clinic_availability.domain import Closure, Refusal, WeeklyHours, WorkingHours, check_bookable
from clinic_contracts.events import RefusalReason

NOW = utc(2026, 5, 1, 12)
VISIT = timedelta(minutes=45)


def monday(hour: int, minute: int = 0) -> datetime:
    return local(NEW_YORK, 2026, 5, 4, hour, minute)


def check(start: datetime, ctx=None, *, end: datetime | None = None, now: datetime = NOW, **kwargs):
    return check_bookable(start, end or start + VISIT, ctx or context(visit=VISIT), now, **kwargs)


def test_a_free_grid_time_in_open_hours_is_bookable():
    assert check(monday(9)) is None
    assert check(monday(11, 15)) is None  # ends exactly at the lunch break


def test_times_may_be_given_in_any_zone():
    assert check(monday(9).astimezone(utc(2026, 1, 1).tzinfo)) is None


def test_wrong_duration():
    assert check(monday(9), end=monday(10)) is Refusal.WRONG_DURATION
    assert check(monday(9), end=monday(8)) is Refusal.WRONG_DURATION


def test_within_minimum_notice_up_to_the_boundary():
    ctx = context(visit=VISIT, request_policy=policy(notice=timedelta(hours=24)))
    now = monday(9) - timedelta(hours=24)
    assert check(monday(9), ctx, now=now) is None
    assert check(monday(9), ctx, now=now + timedelta(minutes=1)) is Refusal.WITHIN_MINIMUM_NOTICE
    assert check(monday(8), ctx, now=now + timedelta(days=1)) is Refusal.WITHIN_MINIMUM_NOTICE  # past


def test_booking_horizon_is_exclusive():
    ctx = context(visit=VISIT, request_policy=policy(horizon=timedelta(days=30)))
    assert check(monday(9), ctx, now=monday(9) - timedelta(days=30) + timedelta(minutes=1)) is None
    assert check(monday(9), ctx, now=monday(9) - timedelta(days=30)) is Refusal.BEYOND_BOOKING_HORIZON


def test_location_closed():
    ctx = context(visit=VISIT, closures=[Closure(date(2026, 5, 4), date(2026, 5, 4))])
    assert check(monday(9), ctx) is Refusal.LOCATION_CLOSED
    assert check(monday(9) + timedelta(days=1), ctx) is None


def test_outside_location_hours():
    assert check(monday(7, 30)) is Refusal.OUTSIDE_LOCATION_HOURS
    assert check(monday(11, 30)) is Refusal.OUTSIDE_LOCATION_HOURS  # runs into lunch
    assert check(monday(16, 30)) is Refusal.OUTSIDE_LOCATION_HOURS
    assert check(local(NEW_YORK, 2026, 5, 9, 9)) is Refusal.OUTSIDE_LOCATION_HOURS  # Saturday


def test_outside_working_hours():
    ctx = context(visit=VISIT, working_hours=WeeklyHours({day: hours((10, 12)) for day in WEEKDAYS}))
    assert check(monday(9), ctx) is Refusal.OUTSIDE_WORKING_HOURS
    assert check(monday(13), ctx) is Refusal.OUTSIDE_WORKING_HOURS
    assert check(monday(10), ctx) is None


def test_a_day_without_any_working_hours_there_has_its_own_refusal():
    """Not a gap in the therapist's day (another time may do) but a day off (another day must)."""
    tuesdays_only = context(visit=VISIT, working_hours=WeeklyHours({1: hours((8, 17))}))
    assert check(monday(9), tuesdays_only) is Refusal.THERAPIST_NOT_WORKING_THAT_DAY
    assert check(monday(9) + timedelta(days=1), tuesdays_only) is None
    assert check(monday(16, 30) + timedelta(days=1), tuesdays_only) is Refusal.OUTSIDE_LOCATION_HOURS


def test_working_hours_exceptions():
    working = WorkingHours(
        WeeklyHours({day: hours((8, 12), (13, 17)) for day in WEEKDAYS}),
        effective_from=date(2026, 1, 1),
        time_off=[between(monday(9), monday(10))],
        extra_hours=[between(local(NEW_YORK, 2026, 5, 9, 9), local(NEW_YORK, 2026, 5, 9, 12))],
    )
    ctx = context(
        visit=VISIT,
        working_hours=working,
        location_hours=WeeklyHours({d: hours((8, 17)) for d in range(7)}),
    )
    assert check(monday(9, 30), ctx) is Refusal.OUTSIDE_WORKING_HOURS
    assert check(monday(10), ctx) is None
    assert check(local(NEW_YORK, 2026, 5, 9, 9), ctx) is None  # extra hours on a Saturday


def test_working_hours_effective_dates():
    working = WorkingHours(
        WeeklyHours({day: hours((8, 17)) for day in WEEKDAYS}),
        effective_from=date(2026, 5, 5),
        effective_to=date(2026, 5, 6),
    )
    ctx = context(visit=VISIT, working_hours=working)
    assert check(monday(9), ctx) is Refusal.THERAPIST_NOT_WORKING_THAT_DAY
    assert check(monday(9) + timedelta(days=1), ctx) is None
    assert check(monday(9) + timedelta(days=3), ctx) is Refusal.THERAPIST_NOT_WORKING_THAT_DAY


def test_not_on_slot_grid_unless_the_scheduler_books_off_grid():
    assert check(monday(9, 10)) is Refusal.NOT_ON_SLOT_GRID
    assert check(monday(9, 10), require_slot_grid=False) is None
    assert check(monday(9, 15) + timedelta(seconds=1), require_slot_grid=False) is None


def test_grid_restarts_at_each_window_aligned_to_local_midnight():
    location = WeeklyHours({0: [(time(9, 10), time(12))]})
    ctx = context(visit=VISIT, location_hours=location, request_policy=policy(interval=timedelta(minutes=30)))
    assert check(monday(9, 10), ctx) is Refusal.NOT_ON_SLOT_GRID
    assert check(monday(9, 30), ctx) is None
    assert check(monday(9, 45), ctx) is Refusal.NOT_ON_SLOT_GRID


def test_conflicts_with_calendar_is_half_open():
    ctx = context(visit=VISIT, busy=[between(monday(10), monday(10, 30))])
    assert check(monday(9, 15), ctx) is None  # ends as the appointment starts
    assert check(monday(9, 30), ctx) is Refusal.CONFLICTS_WITH_CALENDAR
    assert check(monday(10, 15), ctx) is Refusal.CONFLICTS_WITH_CALENDAR
    assert check(monday(10, 30), ctx) is None  # starts as it ends


def test_busy_items_do_not_move_the_grid():
    ctx = context(visit=VISIT, busy=[between(monday(9), monday(9, 20))])
    assert check(monday(9, 20), ctx) is Refusal.NOT_ON_SLOT_GRID
    assert check(monday(9, 30), ctx) is None


def test_first_broken_rule_wins():
    ctx = context(visit=VISIT, busy=[between(monday(7), monday(8))])
    assert check(monday(7, 10), ctx, now=monday(8)) is Refusal.WITHIN_MINIMUM_NOTICE
    assert check(monday(7, 10), ctx) is Refusal.OUTSIDE_LOCATION_HOURS


def test_naive_times_are_refused():
    with pytest.raises(ValueError, match="naive"):
        check_bookable(datetime(2026, 5, 4, 9), datetime(2026, 5, 4, 9, 45), context(visit=VISIT), NOW)
    with pytest.raises(ValueError, match="naive"):
        check(monday(9), now=datetime(2026, 5, 1))


def test_spring_forward_night_hours():
    ctx = context(
        location_hours=WeeklyHours({6: hours((1, 4))}),
        working_hours=WeeklyHours({6: hours((0, 5))}),
        visit=timedelta(hours=1),
    )
    now = utc(2026, 3, 1)

    def check_hour_from(start):
        return check_bookable(start, start + timedelta(hours=1), ctx, now)

    assert check_hour_from(utc(2026, 3, 8, 6)) is None  # 01:00 EST
    assert check_hour_from(utc(2026, 3, 8, 7)) is None  # 03:00 EDT, ends at closing, 04:00 EDT
    assert check_hour_from(utc(2026, 3, 8, 7, 15)) is Refusal.OUTSIDE_LOCATION_HOURS


def test_wall_clock_arithmetic_across_the_gap_gives_a_wrong_duration():
    ctx = context(visit=timedelta(hours=1))
    two_am = local(NEW_YORK, 2026, 3, 8, 2)  # does not exist; read as 03:00 EDT
    assert check_bookable(two_am, local(NEW_YORK, 2026, 3, 8, 3), ctx, NOW) is Refusal.WRONG_DURATION


def test_refusal_codes_are_stable():
    assert [r.value for r in Refusal] == [
        "wrong-duration",
        "within-minimum-notice",
        "beyond-booking-horizon",
        "location-closed",
        "outside-location-hours",
        "therapist-not-working-that-day",
        "outside-working-hours",
        "not-on-slot-grid",
        "conflicts-with-calendar",
    ]


def test_every_refusal_travels_under_its_own_code():
    """The events carry `RefusalReason`: each answer of check_bookable must be one of them."""
    assert {refusal.value for refusal in Refusal} <= {reason.value for reason in RefusalReason}
    assert all(refusal.reason == RefusalReason(refusal.value) for refusal in Refusal)
