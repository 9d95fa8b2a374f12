"""A weekly series: submitted as one ask (one transaction, one idempotency key, counted once against
the case's cap), its visits ordinary requests decided one by one, on SQLite and PostgreSQL."""

import uuid
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from clinic_requests.domain.appointment_request import RequestStatus
from clinic_requests.domain.commands import DecideSeries, SeriesDecision, SubmitSeries
from clinic_requests.domain.rules import RuleBroken
from clinic_requests.service_layer.queries import Viewer, one_request
from clinic_requests.service_layer.reviewing import decide_series
from clinic_requests.service_layer.submission import IdempotencyKeyReused, submit_series
from clinic_requests.service_layer.unit_of_work import SqlUnitOfWorkFactory
from tests.requests.clinic_world import ClinicWorld
from tests.requests.integration.conftest import published
from tests.requests.integration.test_request_use_cases import NOW, held, submit

CHICAGO = ZoneInfo("America/Chicago")


def _next_monday_at_ten(after: datetime) -> datetime:
    day = (after + timedelta(days=2)).astimezone(CHICAGO).date()
    day += timedelta(days=(7 - day.weekday()) % 7)
    return datetime.combine(day, time(10), CHICAGO).astimezone(UTC)


FIRST = _next_monday_at_ten(NOW)


def series(world: ClinicWorld, **changes) -> SubmitSeries:
    fields = {
        **world.asking(),
        "first_start": FIRST,
        "interval_weeks": 1,
        "visits": 6,
        "send": (1, 2, 4, 5, 6),
    }
    return SubmitSeries(**{**fields, **changes})


async def test_a_series_is_one_request_per_visit_sent_at_the_same_local_time(runtime, world) -> None:
    submitted = await submit_series(SqlUnitOfWorkFactory(runtime), series(world), NOW)
    assert submitted.created
    requests = submitted.requests
    assert [request.series.occurrence for request in requests] == [1, 2, 4, 5, 6]
    assert {request.series.series_id for request in requests} == {submitted.series.series_id}
    assert {request.series.occurrences for request in requests} == {6}
    assert {request.visit.start.astimezone(CHICAGO).time() for request in requests} == {time(10)}
    assert [(r.visit.start.astimezone(CHICAGO).date() - FIRST.astimezone(CHICAGO).date()).days for r in requests] == [
        0,
        7,
        21,
        28,
        35,
    ]
    assert all(request.status is RequestStatus.SUBMITTED for request in requests)
    submitted_event = (await published(runtime, requests[2].request_id))[0]
    assert submitted_event.event_type == "RequestSubmitted"
    assert submitted_event.payload["series_id"] == str(submitted.series.series_id)
    assert (submitted_event.payload["occurrence"], submitted_event.payload["occurrences"]) == (4, 6)


async def test_the_same_key_answers_with_the_first_series(runtime, world) -> None:
    command = series(world)
    first = await submit_series(SqlUnitOfWorkFactory(runtime), command, NOW)
    again = await submit_series(SqlUnitOfWorkFactory(runtime), command, NOW)
    assert not again.created
    assert [r.request_id for r in again.requests] == [r.request_id for r in first.requests]
    with pytest.raises(IdempotencyKeyReused):
        await submit_series(
            SqlUnitOfWorkFactory(runtime), series(world, idempotency_key=command.idempotency_key, send=(1,)), NOW
        )


async def test_a_series_counts_once_against_the_cases_cap(runtime, world) -> None:
    # The cap is 3: a single request and a series of five visits are two asks, so one more single
    # request is taken (six open requests); a fourth ask is refused.
    await submit(runtime, world, start=NOW + timedelta(days=2))
    await submit_series(SqlUnitOfWorkFactory(runtime), series(world), NOW)
    await submit(runtime, world, start=NOW + timedelta(days=3))
    with pytest.raises(RuleBroken) as refused:
        await submit_series(SqlUnitOfWorkFactory(runtime), series(world, first_start=FIRST + timedelta(hours=2)), NOW)
    assert refused.value.code == "too-many-pending-requests"


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"visits": 13, "send": (1,)}, "series-too-long"),  # the clinic's max_series_visits is 12
        ({"visits": 1, "send": (1,)}, "series-too-long"),
        ({"interval_weeks": 3}, "series-interval-not-offered"),
        ({"send": (0, 2)}, "series-visits-unknown"),
        ({"send": (7,)}, "series-visits-unknown"),
        ({"send": ()}, "series-visits-unknown"),
        ({"visits": 12, "send": (12,)}, "beyond-booking-horizon"),  # horizon 60 days; week 12 is past it
    ],
)
async def test_a_series_outside_the_rules_is_refused_as_a_whole(runtime, world, changes, code) -> None:
    with pytest.raises(RuleBroken) as refused:
        await submit_series(SqlUnitOfWorkFactory(runtime), series(world, **changes), NOW)
    assert refused.value.code == code


async def test_a_scheduler_decides_each_visit_and_one_refusal_leaves_the_others(runtime, world) -> None:
    submitted = await submit_series(SqlUnitOfWorkFactory(runtime), series(world, send=(1, 2, 3)), NOW)
    first, second, third = [await held(runtime, world, request) for request in submitted.requests]
    decisions = (
        SeriesDecision(first.request_id, approve=True),
        SeriesDecision(second.request_id, approve=False, reason="The therapist is away that week."),
        SeriesDecision(third.request_id, approve=False, reason="  "),  # no reason: refused
        SeriesDecision(uuid.uuid4(), approve=True),
    )
    outcomes = await decide_series(
        SqlUnitOfWorkFactory(runtime),
        DecideSeries(submitted.series.series_id, world.scheduler.staff_user_id, decisions),
        NOW,
    )
    assert [outcome.code for outcome in outcomes] == [None, None, "decline-reason-required", "request-not-in-series"]
    statuses = [
        (await one_request(SqlUnitOfWorkFactory(runtime), r.request_id, Viewer())).request.status
        for r in (first, second, third)
    ]
    assert statuses == [RequestStatus.APPROVING, RequestStatus.DECLINED, RequestStatus.PENDING]
