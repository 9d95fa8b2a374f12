"""The one window-matching rule (clinic_contracts.preferred_times): local weekdays × parts of the
day over local dates, whatever the UTC offset does."""

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest
from pydantic import ValidationError

from clinic_contracts.preferred_times import PartOfDay, PreferredTimes, Weekday, part_of_day
from tests.examples import mornings

BERLIN = ZoneInfo("Europe/Berlin")  # clocks go forward on Sunday 2027-03-28, back on 2027-10-31
NEW_YORK = ZoneInfo("America/New_York")

TUESDAY_THURSDAY_MORNINGS = mornings(date(2027, 3, 22), date(2027, 4, 4))


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


@pytest.mark.parametrize(
    ("start", "inside"),
    [
        # Tuesday 2027-03-23, winter time (UTC+1): 07:30 UTC is 08:30 local.
        (utc(2027, 3, 23, 7, 30), True),
        # 06:00 UTC is 07:00 local: morning begins; a minute before, it has not.
        (utc(2027, 3, 23, 6, 0), True),
        (utc(2027, 3, 23, 5, 59), False),
        # 11:00 UTC is 12:00 local: afternoon.
        (utc(2027, 3, 23, 11, 0), False),
        (utc(2027, 3, 23, 10, 59), True),
        # Tuesday 2027-03-30, summer time (UTC+2): 05:30 UTC is 07:30 local, a morning now ...
        (utc(2027, 3, 30, 5, 30), True),
        # ... and 10:30 UTC is 12:30 local, an afternoon, though it was a morning a week before.
        (utc(2027, 3, 30, 10, 30), False),
        (utc(2027, 3, 23, 10, 30), True),
        # Wednesday morning: not a preferred day.
        (utc(2027, 3, 24, 8, 0), False),
        # Thursday 2027-04-01 morning (summer time).
        (utc(2027, 4, 1, 6, 0), True),
        # Tuesday 2027-04-06: after the last date.
        (utc(2027, 4, 6, 7, 0), False),
        # Monday 2027-03-22 23:30 UTC is Tuesday 00:30 local: the right day, but night.
        (utc(2027, 3, 22, 23, 30), False),
    ],
)
def test_a_morning_is_a_local_morning_on_both_sides_of_a_clock_change(start: datetime, inside: bool) -> None:
    assert TUESDAY_THURSDAY_MORNINGS.admits(start, BERLIN) is inside


def test_the_weekday_and_date_are_the_locations_not_utcs() -> None:
    evenings = PreferredTimes(
        weekdays=(Weekday.MONDAY,),
        parts_of_day=(PartOfDay.EVENING,),
        date_from=date(2027, 11, 1),
        date_to=date(2027, 11, 1),
    )
    # Monday 2027-11-01 20:30 in New York is Tuesday 00:30 UTC (EDT until 11-07).
    assert evenings.admits(utc(2027, 11, 2, 0, 30), NEW_YORK)
    assert not evenings.admits(utc(2027, 11, 2, 0, 30), BERLIN)


def test_the_dates_span_local_midnights_across_a_clock_change() -> None:
    assert TUESDAY_THURSDAY_MORNINGS.first_moment(BERLIN) == utc(2027, 3, 21, 23, 0)
    # 2027-04-05 00:00 in summer time.
    assert TUESDAY_THURSDAY_MORNINGS.last_moment(BERLIN) == utc(2027, 4, 4, 22, 0)
    assert TUESDAY_THURSDAY_MORNINGS.last_date_begins(BERLIN) == utc(2027, 4, 3, 22, 0)


@pytest.mark.parametrize(
    ("hour", "minute", "part"),
    [
        (6, 59, None),
        (7, 0, PartOfDay.MORNING),
        (11, 59, PartOfDay.MORNING),
        (12, 0, PartOfDay.AFTERNOON),
        (16, 59, PartOfDay.AFTERNOON),
        (17, 0, PartOfDay.EVENING),
        (20, 59, PartOfDay.EVENING),
        (21, 0, None),
    ],
)
def test_the_parts_of_the_day_are_defined_once(hour: int, minute: int, part: PartOfDay | None) -> None:
    from datetime import time

    assert part_of_day(time(hour, minute)) is part


def test_windows_name_at_least_one_day_and_one_part_of_the_day() -> None:
    with pytest.raises(ValidationError):
        PreferredTimes(
            weekdays=(), parts_of_day=(PartOfDay.MORNING,), date_from=date(2027, 3, 1), date_to=date(2027, 3, 2)
        )
    with pytest.raises(ValidationError):
        PreferredTimes.model_validate(
            {"weekdays": ["tuesday"], "parts_of_day": ["night"], "date_from": "2027-03-01", "date_to": "2027-03-02"}
        )
