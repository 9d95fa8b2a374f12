"""Wall-clock times (clinic_contracts.wall_clock): naive local times of day, and nothing else."""

from datetime import UTC, time, timedelta, timezone

import pytest
from jsonschema import Draft202012Validator
from pydantic import BaseModel, ValidationError

from clinic_contracts.events import LocationChanged, OpeningInterval
from clinic_contracts.wall_clock import WallClockTime, parse_wall_clock


class Hours(BaseModel):
    opens: WallClockTime


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("09:00", time(9)),
        ("09:00:00", time(9)),
        ("17:30:15", time(17, 30, 15)),
        ("23:59:59.5", time(23, 59, 59, 500000)),
    ],
)
def test_a_local_time_of_day_is_read(text: str, expected: time) -> None:
    assert Hours.model_validate_json(f'{{"opens": "{text}"}}').opens == expected
    assert Hours(opens=expected).opens == expected


@pytest.mark.parametrize(
    "value",
    [
        "09:00:00Z",
        "09:00Z",
        "09:00:00+02:00",
        "09:00-05:00",
        "09:00:00.000+00:00",
        "9:00",
        "T09:00",
        "0900",
        "24:00",
        "09:60",
        "",
        " 09:00",
        "09:00\n",
        3600,
        9.5,
        None,
        True,
        ["09:00"],
    ],
)
def test_anything_but_a_naive_time_of_day_is_refused_naming_the_field(value) -> None:
    with pytest.raises(ValidationError) as refused:
        Hours.model_validate({"opens": value})
    [error] = refused.value.errors()
    assert error["loc"] == ("opens",)
    assert error["type"] == "wall_clock_time"
    assert "without a UTC offset" in error["msg"]


@pytest.mark.parametrize("zone", [UTC, timezone(timedelta(hours=2))])
def test_an_aware_time_object_is_refused_too(zone) -> None:
    """Code inside the system (an import, a test world) cannot hand one over either."""
    with pytest.raises(ValidationError):
        Hours(opens=time(9, tzinfo=zone))
    with pytest.raises(ValidationError):
        OpeningInterval(weekday=0, start=time(9, tzinfo=zone), end=time(17))


def test_the_schema_says_local_time_without_offset_and_refuses_offsets() -> None:
    schema = Hours.model_json_schema()["properties"]["opens"]
    assert schema["type"] == "string"
    # `format: time` (RFC 3339) would require an offset: exactly what is not meant.
    assert "format" not in schema
    assert "without a UTC offset" in schema["description"]
    validator = Draft202012Validator(schema)
    assert validator.is_valid("09:00:00") and validator.is_valid("09:00")
    assert not validator.is_valid("09:00:00Z") and not validator.is_valid("09:00:00+02:00")


def test_what_is_written_reads_back() -> None:
    interval = OpeningInterval(weekday=2, start=time(8), end=time(12, 30))
    assert OpeningInterval.model_validate_json(interval.model_dump_json()) == interval
    assert interval.model_dump(mode="json") == {"weekday": 2, "start": "08:00:00", "end": "12:30:00"}


def test_the_location_event_refuses_an_offset_in_its_hours() -> None:
    """What reaches availability on the topic is checked by the same type."""
    hours = LocationChanged.model_json_schema()["$defs"]["OpeningInterval"]["properties"]["start"]
    assert "without a UTC offset" in hours["description"]
    with pytest.raises(ValidationError) as refused:
        OpeningInterval.model_validate({"weekday": 0, "start": "09:00:00+02:00", "end": "17:00:00"})
    assert refused.value.errors()[0]["loc"] == ("start",)


def test_parse_wall_clock_for_import_files() -> None:
    assert parse_wall_clock("08:15:00") == time(8, 15)
    with pytest.raises(ValueError):
        parse_wall_clock("08:15:00Z")
