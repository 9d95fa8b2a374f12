"""A weekly series' preview: each visit at the first one's local time, judged as its hold will be
(`judge`), a visit the clocks skip named as such, and the clinic's length bound, on SQLite and
PostgreSQL."""

from datetime import UTC, date

import pytest

from clinic_availability.service_layer.errors import InvalidRequest
from clinic_availability.service_layer.series_preview import preview_series
from tests.availability.integration.conftest import NOW, deliver

# NOW is Monday 2 March 2026, 10:00 in New York; the clocks jump forward on Sunday 8 March.
WEDNESDAY = date(2026, 3, 4)


async def previewed(runtime, world, first_start, visits: int, interval_weeks: int = 1):
    case, visit_type = world.case.case_id, world.visit_type.visit_type_id
    return await preview_series(runtime, case, visit_type, first_start, interval_weeks, visits, NOW)


async def test_each_visit_at_the_same_local_time_judged_as_its_hold_will_be(runtime, world) -> None:
    # Someone else's request already holds the third Wednesday at 10:00.
    await deliver(runtime, world, world.submitted(world.local(date(2026, 3, 18), 10)))
    preview = await previewed(runtime, world, world.local(WEDNESDAY, 10), 4)
    visits = preview.visits
    assert [visit.local_start.strftime("%m-%d %H:%M") for visit in visits] == [
        "03-04 10:00",
        "03-11 10:00",
        "03-18 10:00",
        "03-25 10:00",
    ]
    assert [visit.start.astimezone(UTC).hour for visit in visits] == [15, 14, 14, 14]
    assert [visit.unavailable_code for visit in visits] == [None, None, "conflicts-with-calendar", None]
    assert visits[2].unavailable_reason == "The therapist's calendar already has something at that time."


async def test_a_visit_the_clocks_skip_is_not_available(runtime, world) -> None:
    # Sundays at 02:30: the 1st is past, the 8th does not exist in New York, the 15th is a closed day.
    preview = await previewed(runtime, world, world.local(date(2026, 3, 1), 2, 30), 3)
    assert [visit.unavailable_code for visit in preview.visits] == [
        "within-minimum-notice",
        "time-does-not-exist",
        "outside-location-hours",
    ]
    assert preview.visits[1].start is None
    assert "clocks skip" in preview.visits[1].unavailable_reason


@pytest.mark.parametrize(
    ("visits", "interval", "code"), [(13, 1, "series-too-long"), (4, 3, "series-interval-not-offered")]
)
async def test_a_series_the_clinic_does_not_allow_is_refused(runtime, world, visits, interval, code) -> None:
    with pytest.raises(InvalidRequest) as refused:
        await previewed(runtime, world, world.local(WEDNESDAY, 10), visits, interval)
    assert refused.value.code == code
