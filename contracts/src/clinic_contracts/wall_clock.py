"""A local wall-clock time of day, as read off the clock on a location's wall.

Hours (a location's, a therapist's) are kept as naive times: the location's IANA zone says which
instants they are on each date, so a time that carries its own UTC offset would mean two zones at
once (and breaks every calculation that combines it with a date). JSON Schema's `format: time`
requires an offset, so the schema says what is meant with a pattern instead, and the value is
refused (naming the field, as every validation error does) when it carries one.
"""

import re
from datetime import time
from typing import Annotated, Any

from pydantic import BeforeValidator, TypeAdapter, WithJsonSchema
from pydantic_core import PydanticCustomError

WALL_CLOCK_PATTERN = r"^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\.[0-9]{1,6})?)?$"
_PATTERN = re.compile(WALL_CLOCK_PATTERN)
_REFUSAL = "Give a local time of day without a UTC offset, such as 09:00 or 17:30:00 (the location's time zone applies)"


def _naive_time_of_day(value: Any) -> time:
    if isinstance(value, time):
        if value.tzinfo is not None:
            raise PydanticCustomError("wall_clock_time", _REFUSAL)
        return value
    if isinstance(value, str):
        # Also what keeps out offsets (`09:00Z`, `09:00+02:00`) and the looser forms a time
        # parser takes (`9:00`, `T09:00`, `0900`).
        if _PATTERN.fullmatch(value):
            return time.fromisoformat(value)
    raise PydanticCustomError("wall_clock_time", _REFUSAL)


WallClockTime = Annotated[
    time,
    BeforeValidator(_naive_time_of_day),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": WALL_CLOCK_PATTERN,
            "description": "Local wall-clock time (hh:mm or hh:mm:ss) without a UTC offset: the location's time zone applies",
            "examples": ["09:00:00"],
        }
    ),
]

_ADAPTER: TypeAdapter[time] = TypeAdapter(WallClockTime)


def parse_wall_clock(value: Any) -> time:
    """A wall-clock time from outside a model (an import file): raises ValueError with the reason."""
    return _ADAPTER.validate_python(value)
