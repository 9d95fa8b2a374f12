"""The rules a request for preferred times passes: a single request's, with the windows' local
dates in place of one start (read in the location's zone, Chicago here)."""

from datetime import date, timedelta

import pytest

from clinic_contracts.preferred_times import PreferredTimes, Weekday
from clinic_requests.domain.rules import RuleBroken, check
from clinic_requests.domain.submission_rules import preferred_times_rules
from tests.examples import mornings
from tests.requests.clinic_world import POLICY
from tests.requests.unit.test_submission_rules import NOW, WORLD, settings

TODAY = NOW.date()  # 2026-05-01 07:00 in Chicago


def windows(first: date, last: date) -> PreferredTimes:
    return mornings(first, last, (Weekday.TUESDAY,))


def broken_code(preferred: PreferredTimes, open_requests: int = 0) -> str | None:
    try:
        check(*preferred_times_rules(settings(), WORLD.patient.patient_id, preferred, NOW, open_requests))
    except RuleBroken as broken:
        return broken.code
    return None


def test_three_weeks_from_the_day_after_tomorrow_pass() -> None:
    assert broken_code(windows(TODAY + timedelta(days=2), TODAY + timedelta(days=22))) is None


def test_dates_ending_before_they_start_are_refused_by_their_own_rule() -> None:
    assert (
        broken_code(windows(TODAY + timedelta(days=9), TODAY + timedelta(days=3)))
        == "preferred-dates-end-before-they-start"
    )


def test_dates_reaching_beyond_the_minimum_notice_pass_even_when_they_begin_within_it() -> None:
    notice_days = POLICY.minimum_notice_hours // 24 + 1
    assert broken_code(windows(TODAY, TODAY + timedelta(days=notice_days + 1))) is None
    assert broken_code(windows(TODAY, TODAY)) == "within-minimum-notice"


def test_every_date_must_begin_within_the_booking_horizon() -> None:
    horizon = POLICY.booking_horizon_days
    assert broken_code(windows(TODAY + timedelta(days=3), TODAY + timedelta(days=horizon - 1))) is None
    assert (
        broken_code(windows(TODAY + timedelta(days=3), TODAY + timedelta(days=horizon + 1))) == "beyond-booking-horizon"
    )


@pytest.mark.parametrize("open_requests", [POLICY.max_pending_requests_per_case])
def test_it_counts_against_the_cases_cap(open_requests: int) -> None:
    preferred = windows(TODAY + timedelta(days=2), TODAY + timedelta(days=22))
    assert broken_code(preferred, open_requests) == "too-many-pending-requests"
