"""A request for preferred times over a real database (SQLite and PostgreSQL): stored awaiting a
time with its windows, idempotent, counted against the case's cap, given a time by a scheduler and
approved once availability holds it, or refused a time outside its windows."""

from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest

from clinic_contracts.events import HoldPlaced
from clinic_contracts.preferred_times import Weekday
from clinic_requests.domain.appointment_request import RequestStatus
from clinic_requests.domain.commands import ChooseTime, SubmitPreferredTimes
from clinic_requests.domain.rules import RuleBroken
from clinic_requests.service_layer.calendar_outcomes import apply_calendar_event
from clinic_requests.service_layer.queries import Viewer, one_request
from clinic_requests.service_layer.reviewing import choose_time
from clinic_requests.service_layer.submission import submit_preferred_times
from clinic_requests.service_layer.unit_of_work import SqlUnitOfWorkFactory
from tests.examples import mornings
from tests.requests.integration.conftest import envelope_of, published_types
from tests.requests.integration.test_request_use_cases import NOW, submit

ZONE = ZoneInfo("America/Chicago")  # the world's location
TODAY = NOW.astimezone(ZONE).date()
EVERY_MORNING = mornings(TODAY + timedelta(days=2), TODAY + timedelta(days=20), tuple(Weekday))


def asking(world, **changes) -> SubmitPreferredTimes:
    fields = {
        **world.asking(),
        "preferred_times": EVERY_MORNING,
    }
    return SubmitPreferredTimes(**{**fields, **changes})


async def test_windows_are_stored_awaiting_a_time_spanning_their_dates(runtime, world) -> None:
    command = asking(world)
    first = await submit_preferred_times(SqlUnitOfWorkFactory(runtime), command, NOW)
    again = await submit_preferred_times(SqlUnitOfWorkFactory(runtime), command, NOW + timedelta(seconds=5))
    assert first.created and not again.created and again.request.request_id == first.request.request_id
    stored = (await one_request(SqlUnitOfWorkFactory(runtime), first.request.request_id, Viewer())).request
    assert stored.status is RequestStatus.AWAITING_TIME
    assert stored.preferred_times == EVERY_MORNING
    assert (stored.visit.start, stored.visit.end) == (EVERY_MORNING.first_moment(ZONE), EVERY_MORNING.last_moment(ZONE))
    assert stored.visit.therapist_id == world.case.primary_therapist_id
    assert await published_types(runtime, stored.request_id) == ["RequestAwaitingTime"]


async def test_it_counts_against_the_cases_cap(runtime, world) -> None:
    for _ in range(2):
        await submit(runtime, world)
    await submit_preferred_times(SqlUnitOfWorkFactory(runtime), asking(world), NOW)
    with pytest.raises(RuleBroken) as refused:
        await submit_preferred_times(SqlUnitOfWorkFactory(runtime), asking(world), NOW)
    assert refused.value.code == "too-many-pending-requests"


async def test_a_chosen_time_inside_is_held_then_approved_and_one_outside_refused(runtime, world) -> None:
    request = (await submit_preferred_times(SqlUnitOfWorkFactory(runtime), asking(world), NOW)).request
    staff = world.scheduler.staff_user_id
    afternoon = EVERY_MORNING.first_moment(ZONE) + timedelta(days=1, hours=14)
    with pytest.raises(RuleBroken) as refused:
        await choose_time(SqlUnitOfWorkFactory(runtime), ChooseTime(request.request_id, staff, afternoon), NOW)
    assert refused.value.code == "time-outside-preferred-times"

    morning = EVERY_MORNING.first_moment(ZONE) + timedelta(days=1, hours=9)
    chosen = await choose_time(SqlUnitOfWorkFactory(runtime), ChooseTime(request.request_id, staff, morning), NOW)
    edit = chosen.proposed_edit
    assert edit is not None and edit.visit.start == morning
    held = HoldPlaced(
        request_id=request.request_id,
        hold_id=edit.hold_id,
        therapist_id=edit.visit.therapist_id,
        location_id=edit.visit.location_id,
        start=edit.visit.start,
        end=edit.visit.end,
        blocking=True,
    )
    await apply_calendar_event(SqlUnitOfWorkFactory(runtime), envelope_of(held, world), held, NOW)
    approving = (await one_request(SqlUnitOfWorkFactory(runtime), request.request_id, Viewer())).request
    assert approving.status is RequestStatus.APPROVING and approving.visit.start == morning
    assert await published_types(runtime, request.request_id) == [
        "RequestAwaitingTime",
        "RequestEdited",
        "RequestApprovalStarted",
    ]
