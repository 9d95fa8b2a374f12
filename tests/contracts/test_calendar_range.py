"""Days and instants (clinic_contracts.calendar_range): from 1900 to 2999, far from the ends of
Python's dates, where seeing a time in another zone or adding a visit's length overflows."""

from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from pydantic import BaseModel, ValidationError

from clinic_contracts.calendar_range import Day, Instant
from clinic_contracts.events import Closure


class Span(BaseModel):
    start: Instant
    day: Day | None = None


@pytest.mark.parametrize(
    "start", ["9999-12-31T23:59:59-14:00", "0001-01-01T00:00:00+14:00", "3000-01-01T00:00:00Z", "1899-12-31T23:59:59Z"]
)
def test_an_instant_near_the_ends_of_the_calendar_is_refused(start: str) -> None:
    with pytest.raises(ValidationError) as refused:
        Span.model_validate({"start": start})
    assert refused.value.errors()[0]["loc"] == ("start",)


def test_the_range_is_judged_in_utc() -> None:
    """2999-12-31 23:00 at UTC-02:00 is already the year 3000 in UTC."""
    with pytest.raises(ValidationError):
        Span(start=datetime(2999, 12, 31, 23, tzinfo=timezone(timedelta(hours=-2))))
    assert Span(start=datetime(2999, 12, 31, 23, tzinfo=UTC)).start.year == 2999


def test_an_instant_still_needs_its_offset() -> None:
    with pytest.raises(ValidationError):
        Span.model_validate({"start": "2026-12-01T09:00:00"})


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31", "1899-12-31", "3000-01-01"])
def test_a_day_outside_the_range_is_refused(day: str) -> None:
    with pytest.raises(ValidationError):
        Span.model_validate({"start": "2026-12-01T09:00:00Z", "day": day})
    with pytest.raises(ValidationError):
        Closure.model_validate({"first_day": "2026-12-24", "last_day": day})


def test_the_days_and_instants_anyone_books_are_taken() -> None:
    span = Span.model_validate({"start": "2026-12-01T09:00:00-05:00", "day": "2999-12-31"})
    assert span.start == datetime(2026, 12, 1, 14, tzinfo=UTC) and span.day == date(2999, 12, 31)
    assert Span.model_validate({"start": "1900-01-01T00:00:00Z", "day": "1900-01-01"}).day == date(1900, 1, 1)
