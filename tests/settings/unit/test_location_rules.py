import uuid
from datetime import date, time

import pytest

from clinic_contracts.events import Closure, OpeningInterval
from clinic_settings.domain.location import Location
from tests.settings.unit.rules import breaks


def hours(weekday: int, start: str, end: str) -> OpeningInterval:
    return OpeningInterval(weekday=weekday, start=time.fromisoformat(start), end=time.fromisoformat(end))


def closure(first: str, last: str) -> Closure:
    return Closure(first_day=date.fromisoformat(first), last_day=date.fromisoformat(last))


def location(**fields) -> Location:
    defaults = dict(location_id=uuid.uuid4(), clinic_id=uuid.uuid4(), name="Downtown", time_zone="America/New_York")
    return Location(**{**defaults, **fields})


def test_a_lunch_break_is_the_gap_between_two_intervals_of_a_day() -> None:
    lunch_break = location(operating_hours=[hours(0, "13:00", "17:00"), hours(0, "08:00", "12:00")])
    assert [(i.start.hour, i.end.hour) for i in lunch_break.operating_hours] == [(8, 12), (13, 17)]


def test_hours_are_kept_in_weekday_and_time_order() -> None:
    week = location(
        operating_hours=[hours(4, "09:00", "12:00"), hours(0, "13:00", "17:00"), hours(0, "08:00", "12:00")]
    )
    assert [(i.weekday, i.start.hour) for i in week.operating_hours] == [(0, 8), (0, 13), (4, 9)]


def test_touching_intervals_and_the_same_hours_on_other_days_are_allowed() -> None:
    location(operating_hours=[hours(0, "08:00", "12:00"), hours(0, "12:00", "13:00"), hours(1, "08:00", "12:00")])


@pytest.mark.parametrize("start, end", [("12:00", "09:00"), ("09:00", "09:00")])
def test_hours_must_end_after_they_start(start: str, end: str) -> None:
    with breaks("opening-hours-end-before-start"):
        location(operating_hours=[hours(2, start, end)])


@pytest.mark.parametrize("second", [("11:00", "13:00"), ("08:00", "12:00"), ("09:00", "10:00"), ("07:00", "18:00")])
def test_intervals_of_one_day_may_not_overlap(second: tuple[str, str]) -> None:
    with breaks("opening-hours-overlap"):
        location(operating_hours=[hours(3, "08:00", "12:00"), hours(3, *second)])


def test_a_closure_may_not_end_before_it_starts() -> None:
    with breaks("closure-ends-before-it-starts"):
        location(closures=[closure("2026-12-26", "2026-12-24")])


def test_closures_of_one_day_ranges_and_overlaps_are_allowed_and_ordered() -> None:
    closed = location(
        closures=[
            closure("2027-01-01", "2027-01-01"),
            closure("2026-12-20", "2026-12-31"),
            closure("2026-12-25", "2026-12-25"),
        ]
    )
    assert [c.first_day.isoformat() for c in closed.closures] == ["2026-12-20", "2026-12-25", "2027-01-01"]


@pytest.mark.parametrize("zone", ["Mars/Olympus", "EST5EDT ", "localtime", ""])
def test_the_time_zone_must_be_an_iana_name(zone: str) -> None:
    with breaks("unknown-time-zone"):
        location(time_zone=zone)


def test_a_location_needs_a_name() -> None:
    with breaks("name-required"):
        location(name="   ")
    assert location(name="  Downtown ").name == "Downtown"


def test_a_changed_time_zone_is_checked_too() -> None:
    with breaks("unknown-time-zone"):
        location().changed(time_zone="Europe/Atlantis")


def test_a_deactivated_location_takes_no_requests_until_reactivated_and_allowed_again() -> None:
    deactivated = location(allow_appointment_requests=True).changed(active=False)
    assert deactivated.allow_appointment_requests is False
    with breaks("location-inactive"):
        deactivated.changed(allow_appointment_requests=True)
    reactivated = deactivated.changed(active=True)
    assert reactivated.allow_appointment_requests is False
    assert reactivated.changed(allow_appointment_requests=True).allow_appointment_requests is True
    assert deactivated.changed(active=True, allow_appointment_requests=True).allow_appointment_requests is True
