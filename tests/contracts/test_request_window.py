"""The rules two services apply alike, defined once in contracts: the request window (minimum
notice and booking horizon) and a visit's length."""

import uuid
from datetime import UTC, datetime, timedelta

import pytest

from clinic_contracts.events import VisitTypeChanged
from clinic_contracts.request_window import RequestWindow
from clinic_settings.domain.clinic import DEFAULT_REQUEST_POLICY

NOW = datetime(2026, 12, 7, 9, tzinfo=UTC)


def test_a_start_at_the_minimum_notice_is_in_time_and_one_before_it_is_too_soon() -> None:
    window = RequestWindow(minimum_notice=timedelta(hours=24), booking_horizon=timedelta(days=60))
    assert not window.starts_too_soon(NOW + timedelta(hours=24), NOW)
    assert window.starts_too_soon(NOW + timedelta(hours=24) - timedelta(seconds=1), NOW)


def test_the_booking_horizon_ends_before_its_last_instant() -> None:
    window = RequestWindow(minimum_notice=timedelta(0), booking_horizon=timedelta(days=60))
    assert not window.starts_beyond_horizon(NOW + timedelta(days=60) - timedelta(seconds=1), NOW)
    assert window.starts_beyond_horizon(NOW + timedelta(days=60), NOW)


@pytest.mark.parametrize("notice, horizon", [(timedelta(hours=-1), timedelta(days=1)), (timedelta(0), timedelta(0))])
def test_a_window_that_cannot_be_is_refused(notice: timedelta, horizon: timedelta) -> None:
    with pytest.raises(ValueError):
        RequestWindow(minimum_notice=notice, booking_horizon=horizon)


def test_the_clinics_policy_reads_as_its_window() -> None:
    policy = DEFAULT_REQUEST_POLICY.model_copy(update={"minimum_notice_hours": 2, "booking_horizon_days": 30})
    assert policy.window == RequestWindow(minimum_notice=timedelta(hours=2), booking_horizon=timedelta(days=30))


def test_a_visit_lasts_its_visit_types_length() -> None:
    visit_type = VisitTypeChanged(
        visit_type_id=uuid.uuid4(),
        clinic_id=uuid.uuid4(),
        name="Treatment",
        duration_minutes=45,
        active=True,
        revision=1,
    )
    assert visit_type.duration == timedelta(minutes=45)
    assert visit_type.visit_end(NOW) == NOW + timedelta(minutes=45)
