"""The rule for when a weekly series' visits fall (clinic_contracts.weekly_series)."""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from clinic_contracts.weekly_series import series_occurrences

NEW_YORK = ZoneInfo("America/New_York")


def test_a_weekly_series_keeps_its_local_time_across_spring_forward() -> None:
    # 10:00 EST is 15:00 UTC; from 2027-03-14 10:00 is EDT, 14:00 UTC.
    first = datetime(2027, 3, 1, 15, 0, tzinfo=UTC)
    visits = series_occurrences(first, NEW_YORK, 1, 4)
    assert [visit.local_start.strftime("%Y-%m-%d %H:%M") for visit in visits] == [
        "2027-03-01 10:00",
        "2027-03-08 10:00",
        "2027-03-15 10:00",
        "2027-03-22 10:00",
    ]
    assert [visit.start.hour for visit in visits] == [15, 15, 14, 14]
    assert [visit.number for visit in visits] == [1, 2, 3, 4]


def test_a_weekly_series_keeps_its_local_time_across_fall_back() -> None:
    first = datetime(2027, 11, 1, 14, 0, tzinfo=UTC)  # 10:00 EDT
    visits = series_occurrences(first, NEW_YORK, 1, 2)
    assert [visit.start for visit in visits] == [first, datetime(2027, 11, 8, 15, 0, tzinfo=UTC)]


def test_a_visit_in_the_spring_forward_gap_does_not_exist() -> None:
    # Sunday 2027-03-07 02:30 EST; a week later the clocks jump from 02:00 to 03:00.
    first = datetime(2027, 3, 7, 7, 30, tzinfo=UTC)
    visits = series_occurrences(first, NEW_YORK, 1, 3)
    assert [visit.exists for visit in visits] == [True, False, True]
    assert visits[1].start is None
    assert visits[1].local_start.strftime("%H:%M") == "02:30"
    assert visits[2].start == datetime(2027, 3, 21, 6, 30, tzinfo=UTC)


def test_an_ambiguous_time_at_fall_back_means_its_first_occurrence() -> None:
    first = datetime(2027, 10, 31, 5, 30, tzinfo=UTC)  # 01:30 EDT
    visits = series_occurrences(first, NEW_YORK, 1, 2)
    assert visits[1].start == datetime(2027, 11, 7, 5, 30, tzinfo=UTC)  # 01:30 EDT, not EST


def test_every_second_week() -> None:
    first = datetime(2027, 1, 4, 15, 0, tzinfo=UTC)
    visits = series_occurrences(first, NEW_YORK, 2, 3)
    assert [visit.local_start.date().isoformat() for visit in visits] == ["2027-01-04", "2027-01-18", "2027-02-01"]


@pytest.mark.parametrize("interval", [0, 3, -1])
def test_only_every_week_or_every_second_week(interval: int) -> None:
    with pytest.raises(ValueError):
        series_occurrences(datetime(2027, 1, 4, 15, 0, tzinfo=UTC), NEW_YORK, interval, 3)


def test_a_series_has_exactly_the_visits_asked_for() -> None:
    first = datetime(2027, 1, 4, 15, 0, tzinfo=UTC)
    assert len(series_occurrences(first, NEW_YORK, 1, 52)) == 52
    with pytest.raises(ValueError):
        series_occurrences(first, NEW_YORK, 1, 0)
