from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from availability_builders import UTC, utc
from hypothesis import given, settings
from hypothesis import strategies as st

from clinic_availability.domain.intervals import (
    Interval,
    containing,
    covers,
    intersect,
    normalise,
    overlaps_any,
    subtract,
    union,
)
from tests.hypothesis_profiles import examples

DAY = utc(2026, 5, 4)


def at(hour: float) -> datetime:
    return DAY + timedelta(hours=hour)


def iv(start: float, end: float) -> Interval:
    return Interval(at(start), at(end))


def test_interval_refuses_naive_times():
    with pytest.raises(ValueError, match="naive"):
        Interval(datetime(2026, 5, 4, 9), datetime(2026, 5, 4, 10))


@pytest.mark.parametrize("end_hour", [9, 8])
def test_interval_must_end_after_it_starts(end_hour):
    with pytest.raises(ValueError, match="end after"):
        Interval(utc(2026, 5, 4, 9), utc(2026, 5, 4, end_hour))


def test_interval_holds_other_zones_as_utc():
    zone = ZoneInfo("America/New_York")
    interval = Interval(datetime(2026, 5, 4, 9, tzinfo=zone), datetime(2026, 5, 4, 10, tzinfo=zone))
    assert interval.start == utc(2026, 5, 4, 13)
    assert interval.start.tzinfo is UTC and interval.end.tzinfo is UTC
    fixed = timezone(timedelta(hours=2))
    assert Interval(datetime(2026, 5, 4, 9, tzinfo=fixed), at(12)).start == at(7)


def test_normalise_sorts_and_merges_overlapping_and_touching():
    assert normalise([iv(13, 14), iv(9, 10), iv(9.5, 11), iv(11, 12), iv(15, 16)]) == [
        iv(9, 12),
        iv(13, 14),
        iv(15, 16),
    ]


def test_normalise_keeps_a_contained_interval_inside_its_container():
    assert normalise([iv(9, 17), iv(10, 11)]) == [iv(9, 17)]


def test_union():
    assert union([iv(9, 12)], [iv(11, 13), iv(14, 15)]) == [iv(9, 13), iv(14, 15)]
    assert union([], [iv(9, 10)]) == [iv(9, 10)]
    assert union([iv(9, 10)], []) == [iv(9, 10)]


def test_intersect():
    a = [iv(8, 12), iv(13, 17)]
    b = [iv(9, 10), iv(11, 14), iv(16, 18)]
    assert intersect(a, b) == [iv(9, 10), iv(11, 12), iv(13, 14), iv(16, 17)]
    assert intersect(a, []) == []


def test_intersect_of_touching_intervals_is_empty():
    assert intersect([iv(9, 10)], [iv(10, 11)]) == []


def test_subtract_cuts_holes_and_trims_ends():
    assert subtract([iv(8, 12), iv(13, 17)], [iv(7, 9), iv(10, 11), iv(11.5, 13.5), iv(16, 18)]) == [
        iv(9, 10),
        iv(11, 11.5),
        iv(13.5, 16),
    ]


def test_subtract_one_interval_spanning_several():
    assert subtract([iv(8, 9), iv(10, 11), iv(12, 13)], [iv(8.5, 12.5)]) == [
        iv(8, 8.5),
        iv(12.5, 13),
    ]


def test_subtract_is_half_open():
    assert subtract([iv(9, 10)], [iv(10, 11), iv(8, 9)]) == [iv(9, 10)]


HOURS = [(8, 12), (13, 17)]
BUSY = [(10, 11), (14, 15)]


@pytest.mark.parametrize(
    ("check", "intervals", "candidate", "expected"),
    [
        (covers, HOURS, (8, 12), True),
        (covers, HOURS, (13.5, 14), True),
        (covers, HOURS, (11.5, 13.5), False),
        (covers, HOURS, (7.5, 8.5), False),
        (covers, HOURS, (16.5, 17.5), False),
        (covers, [], (9, 10), False),
        # overlaps_any is half open: touching an end is no overlap.
        (overlaps_any, BUSY, (10.5, 12), True),
        (overlaps_any, BUSY, (9, 16), True),
        (overlaps_any, BUSY, (11, 14), False),
        (overlaps_any, BUSY, (9, 10), False),
        (overlaps_any, BUSY, (15, 16), False),
    ],
)
def test_covers_and_overlaps_any(check, intervals, candidate, expected):
    assert check([iv(*hours) for hours in intervals], iv(*candidate)) is expected


def test_containing():
    hours = [iv(8, 12), iv(13, 17)]
    assert containing(hours, at(8)) == iv(8, 12)
    assert containing(hours, at(12)) is None
    assert containing(hours, at(7)) is None
    assert containing(hours, at(16.5)) == iv(13, 17)


# Property checks against a model: an interval list on a 15-minute lattice is a set of quarters.

quarters = st.integers(min_value=0, max_value=40)
interval_lists = st.lists(
    st.tuples(quarters, st.integers(min_value=1, max_value=12)).map(
        lambda q: Interval(DAY + timedelta(minutes=15 * q[0]), DAY + timedelta(minutes=15 * (q[0] + q[1])))
    ),
    max_size=6,
).map(normalise)


def quarter_set(intervals):
    result = set()
    for interval in intervals:
        result |= set(
            range(
                (interval.start - DAY) // timedelta(minutes=15),
                (interval.end - DAY) // timedelta(minutes=15),
            )
        )
    return result


def assert_normalised(intervals):
    for before, after in zip(intervals, intervals[1:], strict=False):
        assert before.end < after.start


@settings(max_examples=examples(150), deadline=None)
@given(interval_lists, interval_lists)
def test_set_operations_match_the_model(a, b):
    for operation, expected in [
        (union, quarter_set(a) | quarter_set(b)),
        (intersect, quarter_set(a) & quarter_set(b)),
        (subtract, quarter_set(a) - quarter_set(b)),
    ]:
        result = operation(a, b)
        assert_normalised(result)
        assert quarter_set(result) == expected


@settings(max_examples=examples(150), deadline=None)
@given(interval_lists, st.tuples(quarters, st.integers(min_value=1, max_value=12)))
def test_lookups_match_the_model(intervals, probe):
    interval = Interval(DAY + timedelta(minutes=15 * probe[0]), DAY + timedelta(minutes=15 * sum(probe)))
    probe_quarters = quarter_set([interval])
    model = quarter_set(intervals)
    assert overlaps_any(intervals, interval) == bool(probe_quarters & model)
    assert covers(intervals, interval) == (probe_quarters <= model)
    assert (containing(intervals, interval.start) is not None) == (probe[0] in model)
