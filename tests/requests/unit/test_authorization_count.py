"""The one count of a case's visits against its insurance authorization (domain.authorization),
and what each clinic policy makes of a visit beyond it at submission."""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from clinic_contracts.events import Authorization, AuthorizationLimit
from clinic_requests.domain.authorization import (
    AUTHORIZATION_EXHAUSTED,
    OUTSIDE_AUTHORIZATION,
    WEEKLY_AUTHORIZATION_LIMIT,
    CountedVisit,
    limit_for,
    scheduler_warnings,
    standing,
)
from clinic_requests.domain.rules import RuleBroken
from clinic_requests.domain.submission_rules import beyond_authorization
from tests.requests.clinic_world import POLICY, new_clinic_world

CHICAGO = ZoneInfo("America/Chicago")
# Monday 2027-03-01 to Sunday 2027-03-14: two whole weeks.
AUTHORIZED = Authorization(visits=4, first_day=date(2027, 3, 1), last_day=date(2027, 3, 14), visits_per_week=2)


def local(day: int, hour: int = 10) -> datetime:
    return datetime(2027, 3, day, hour, tzinfo=CHICAGO).astimezone(UTC)


def booked(day: int, hour: int = 10) -> CountedVisit:
    return CountedVisit(local(day, hour), booked=True)


def pending(day: int, hour: int = 10) -> CountedVisit:
    return CountedVisit(local(day, hour), booked=False)


def test_visits_left_is_authorized_minus_booked_minus_pending() -> None:
    judged = standing(AUTHORIZED, CHICAGO, local(10), [booked(2), pending(9), pending(10)])
    assert (judged.used, judged.pending, judged.left) == (1, 2, 1)
    assert judged.breaches() == ()


def test_one_visit_more_than_authorized_is_over_by_one() -> None:
    visits = [booked(1), booked(2), pending(8), pending(9), pending(10)]
    judged = standing(AUTHORIZED.model_copy(update={"visits_per_week": None}), CHICAGO, local(10), visits)
    assert judged.left == -1
    assert judged.breaches() == (AUTHORIZATION_EXHAUSTED,)
    assert "by 1" in scheduler_warnings(judged)[0].text


def test_visits_outside_the_authorized_days_use_none_of_it() -> None:
    before, after = CountedVisit(local(1) - timedelta(days=1), True), CountedVisit(local(15), False)
    judged = standing(AUTHORIZED, CHICAGO, local(3), [before, after, pending(3)])
    assert (judged.used, judged.pending, judged.left) == (0, 1, 3)


def test_a_visit_outside_the_authorized_days_is_beyond_it() -> None:
    judged = standing(AUTHORIZED, CHICAGO, local(15), [pending(15)])
    assert judged.breaches() == (OUTSIDE_AUTHORIZATION,)


@pytest.mark.parametrize(
    ("start", "inside"),
    [
        # 23:30 in Chicago on the last day is 05:30 UTC the next day: the local day counts.
        (datetime(2027, 3, 14, 23, 30, tzinfo=CHICAGO), True),
        (datetime(2027, 3, 15, 0, 30, tzinfo=CHICAGO), False),
        (datetime(2027, 3, 1, 0, 0, tzinfo=CHICAGO), True),
        (datetime(2027, 2, 28, 23, 59, tzinfo=CHICAGO), False),
    ],
)
def test_the_authorized_days_are_the_locations_local_days(start: datetime, inside: bool) -> None:
    judged = standing(AUTHORIZED, CHICAGO, start.astimezone(UTC), [CountedVisit(start.astimezone(UTC), False)])
    assert judged.within_days is inside


def test_the_weekly_limit_counts_the_requested_visits_week_monday_to_sunday() -> None:
    # Two in the first week (Monday the 1st, Sunday the 7th); the 8th is the next Monday.
    first_week = [booked(1), pending(7)]
    over = standing(AUTHORIZED, CHICAGO, local(4), [*first_week, pending(4)])
    assert (over.week_visits, over.breaches()) == (3, (WEEKLY_AUTHORIZATION_LIMIT,))
    next_week = standing(AUTHORIZED, CHICAGO, local(8), [*first_week, pending(8)])
    assert (next_week.week_visits, next_week.breaches()) == (1, ())


def test_no_weekly_limit_means_any_number_a_week() -> None:
    unlimited = AUTHORIZED.model_copy(update={"visits_per_week": None, "visits": 10})
    judged = standing(unlimited, CHICAGO, local(4), [pending(1), pending(2), pending(3), pending(4)])
    assert judged.breaches() == ()


def test_every_breach_is_named_at_once() -> None:
    tight = AUTHORIZED.model_copy(update={"visits": 1, "visits_per_week": 1})
    judged = standing(tight, CHICAGO, local(2), [booked(1), pending(2)])
    assert judged.breaches() == (AUTHORIZATION_EXHAUSTED, WEEKLY_AUTHORIZATION_LIMIT)


def test_the_cases_own_limit_overrides_the_clinics() -> None:
    assert limit_for(AUTHORIZED, POLICY) is POLICY.authorization_limit is AuthorizationLimit.WARN
    blocking = AUTHORIZED.model_copy(update={"limit": AuthorizationLimit.BLOCK})
    assert limit_for(blocking, POLICY) is AuthorizationLimit.BLOCK


@pytest.mark.parametrize("limit", list(AuthorizationLimit))
def test_a_visit_beyond_the_authorization_is_refused_warned_of_or_let_through(limit: AuthorizationLimit) -> None:
    case = new_clinic_world().case
    exhausted = AUTHORIZED.model_copy(update={"visits": 1, "limit": limit})
    judged = standing(exhausted, CHICAGO, local(9), [booked(2), pending(9)])
    if limit is AuthorizationLimit.BLOCK:
        with pytest.raises(RuleBroken) as refused:
            beyond_authorization(case, judged, POLICY)
        assert refused.value.code == AUTHORIZATION_EXHAUSTED
        assert "call the clinic" in refused.value.message.lower()
    elif limit is AuthorizationLimit.WARN:
        assert [warning.code for warning in beyond_authorization(case, judged, POLICY)] == [AUTHORIZATION_EXHAUSTED]
    else:
        assert beyond_authorization(case, judged, POLICY) == ()


def test_a_visit_within_the_authorization_passes_whatever_the_policy() -> None:
    case = new_clinic_world().case
    for limit in AuthorizationLimit:
        judged = standing(AUTHORIZED.model_copy(update={"limit": limit}), CHICAGO, local(9), [pending(9)])
        assert beyond_authorization(case, judged, POLICY) == ()
