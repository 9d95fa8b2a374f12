"""Whether a range someone asks for makes sense: it ends after it starts and is not longer than
what it is for allows (a block, an appointment, a page of slots or of the calendar)."""

from datetime import UTC, date, datetime, timedelta

from clinic_availability.service_layer.errors import InvalidRequest


def check_date_range(date_from: date, date_to: date, longest: timedelta) -> None:
    if date_to < date_from:
        raise InvalidRequest("invalid-date-range", f"The range ends on {date_to}, before it starts on {date_from}.")
    if date_to - date_from >= longest:
        raise InvalidRequest("date-range-too-long", f"Ask for at most {longest.days} days at a time.")


def utc_times(start: datetime, end: datetime, longest: timedelta, rule: str) -> tuple[datetime, datetime]:
    """`start` and `end` in UTC, `end` after `start` by at most `longest`; else InvalidRequest
    `invalid-times`, saying `rule`."""
    start, end = start.astimezone(UTC), end.astimezone(UTC)
    if not timedelta(0) < end - start <= longest:
        raise InvalidRequest("invalid-times", rule)
    return start, end
