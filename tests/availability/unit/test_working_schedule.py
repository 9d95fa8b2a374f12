from datetime import date, time, timedelta

import pytest
from availability_builders import NEW_YORK, between, hours, local

from clinic_availability.domain import ScheduleRejected, WeeklyHours, WorkingHours, WorkingSchedule
from clinic_availability.domain.local_days import local_days
from clinic_availability.domain.working_schedule import exception_span, weekly_hours, working_period

MORNINGS = WeeklyHours({day: hours((9, 12)) for day in range(5)})
AFTERNOONS = WeeklyHours({day: hours((14, 17)) for day in range(5)})


def week_of(day: date):
    return local_days(NEW_YORK, day, day + timedelta(days=6))


def test_periods_take_over_from_each_other_on_their_dates():
    schedule = WorkingSchedule(
        [WorkingHours(AFTERNOONS, date(2026, 5, 6)), WorkingHours(MORNINGS, date(2026, 1, 1), date(2026, 5, 5))]
    )
    intervals = schedule.utc_intervals(week_of(date(2026, 5, 4)))  # Monday to Sunday
    assert intervals[:3] == [
        between(local(NEW_YORK, 2026, 5, 4, 9), local(NEW_YORK, 2026, 5, 4, 12)),
        between(local(NEW_YORK, 2026, 5, 5, 9), local(NEW_YORK, 2026, 5, 5, 12)),
        between(local(NEW_YORK, 2026, 5, 6, 14), local(NEW_YORK, 2026, 5, 6, 17)),
    ]
    assert len(intervals) == 5


def test_exceptions_apply_to_the_whole_schedule():
    saturday_clinic = between(local(NEW_YORK, 2026, 5, 9, 9), local(NEW_YORK, 2026, 5, 9, 12))
    off_on_monday = between(local(NEW_YORK, 2026, 5, 4, 0), local(NEW_YORK, 2026, 5, 5, 0))
    schedule = WorkingSchedule(
        [WorkingHours(MORNINGS, date(2026, 1, 1))], time_off=[off_on_monday], extra_hours=[saturday_clinic]
    )
    intervals = schedule.utc_intervals(week_of(date(2026, 5, 4)))
    assert intervals[0].start == local(NEW_YORK, 2026, 5, 5, 9)
    assert intervals[-1] == saturday_clinic


def test_an_empty_schedule_has_no_hours_but_its_extra_hours():
    extra = between(local(NEW_YORK, 2026, 5, 9, 9), local(NEW_YORK, 2026, 5, 9, 12))
    assert WorkingSchedule().utc_intervals(week_of(date(2026, 5, 4))) == []
    assert WorkingSchedule(extra_hours=[extra]).utc_intervals(week_of(date(2026, 5, 4))) == [extra]


def test_periods_in_force_on_the_same_date_are_refused():
    with pytest.raises(ScheduleRejected) as rejected:
        WorkingSchedule(
            [WorkingHours(MORNINGS, date(2026, 1, 1), date(2026, 3, 1)), WorkingHours(AFTERNOONS, date(2026, 3, 1))]
        )
    assert rejected.value.code == "overlapping-periods"
    with pytest.raises(ScheduleRejected):
        WorkingSchedule([WorkingHours(MORNINGS, date(2026, 1, 1)), WorkingHours(AFTERNOONS, date(2026, 3, 1))])


def test_exceptions_belong_to_the_schedule_not_its_periods():
    time_off = [between(local(NEW_YORK, 2026, 1, 5, 9), local(NEW_YORK, 2026, 1, 5, 10))]
    period = WorkingHours(MORNINGS, date(2026, 1, 1), time_off=time_off)
    with pytest.raises(ValueError, match="exceptions belong"):
        WorkingSchedule([period])


@pytest.mark.parametrize(
    ("build", "code"),
    [
        (lambda: weekly_hours([(0, time(12), time(9))]), "hours-end-before-start"),
        (lambda: weekly_hours([(0, time(9), time(12)), (0, time(11), time(13))]), "overlapping-hours"),
        (lambda: working_period(MORNINGS, date(2026, 3, 1), date(2026, 2, 1)), "period-ends-before-it-starts"),
        (
            lambda: exception_span(local(NEW_YORK, 2026, 1, 5, 9), local(NEW_YORK, 2026, 1, 5, 9)),
            "exception-ends-before-it-starts",
        ),
    ],
)
def test_what_an_admin_most_likely_typed_by_mistake_is_refused(build, code):
    with pytest.raises(ScheduleRejected) as rejected:
        build()
    assert rejected.value.code == code


def test_touching_hours_on_one_day_are_fine():
    touching = weekly_hours([(0, time(9), time(12)), (0, time(12), time(13))])
    assert touching.hours[0] == ((time(9), time(12)), (time(12), time(13)))
