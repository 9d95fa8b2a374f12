"""Submission, decisions, availability's answers, expiry and queries, on SQLite and PostgreSQL."""

import asyncio
import time
import uuid
from datetime import timedelta

import pytest
from sqlalchemy import update

from clinic_contracts.events import (
    AppointmentBooked,
    BookedBy,
    BookingRefused,
    HoldPlaced,
    HoldRefused,
    PendingRequestOverbooked,
    RefusalReason,
)
from clinic_requests.adapters.orm import appointment_requests
from clinic_requests.adapters.replicated_settings import UnknownSetting
from clinic_requests.adapters.request_views import Order, RequestFilter
from clinic_requests.domain.appointment_request import AppointmentRequest, RequestStatus, TransitionRefused
from clinic_requests.domain.commands import ApproveRequest, CancelRequest, DeclineRequest, EditRequest
from clinic_requests.domain.rules import RuleBroken
from clinic_requests.entrypoints.http import once_answered
from clinic_requests.service_layer.calendar_outcomes import apply_calendar_event
from clinic_requests.service_layer.expiry import expire_overdue_requests
from clinic_requests.service_layer.queries import Viewer, list_requests, one_request, pending_count
from clinic_requests.service_layer.reviewing import approve_request, decline_request, edit_request
from clinic_requests.service_layer.submission import submit_request
from clinic_requests.service_layer.unit_of_work import RequestNotFound, SqlUnitOfWorkFactory
from clinic_requests.service_layer.withdrawing import cancel_request
from tests.requests.clinic_world import ClinicWorld, family_asking, next_revision
from tests.requests.integration.conftest import (
    REQUESTS_DATABASE,
    envelope_of,
    published_types,
    settled_world,
    store_settings,
)
from tests.requests.scenarios import IN_THREE_DAYS, NOW, hold_placed, submission


async def submit(runtime, world: ClinicWorld, **changes) -> AppointmentRequest:
    return (await submit_request(SqlUnitOfWorkFactory(runtime), submission(world, **changes), NOW)).request


async def answer(runtime, world: ClinicWorld, event) -> None:
    await apply_calendar_event(SqlUnitOfWorkFactory(runtime), envelope_of(event, world), event, NOW)


async def held(runtime, world: ClinicWorld, request: AppointmentRequest) -> AppointmentRequest:
    await answer(runtime, world, hold_placed(request))
    return (await one_request(SqlUnitOfWorkFactory(runtime), request.request_id, Viewer())).request


def refusal_of(request: AppointmentRequest, code: RefusalReason, reason: str) -> dict[str, object]:
    """What availability says when it refuses the request's hold, or its booking."""
    return {"request_id": request.request_id, "hold_id": request.hold_id, "reason_code": code, "reason": reason}


async def current(runtime, request: AppointmentRequest) -> AppointmentRequest:
    return (await one_request(SqlUnitOfWorkFactory(runtime), request.request_id, Viewer())).request


async def test_a_submission_is_stored_with_its_history_and_its_event(runtime, world) -> None:
    request = await submit(runtime, world)
    assert request.status is RequestStatus.SUBMITTED
    assert request.visit.end == IN_THREE_DAYS + timedelta(minutes=world.visit_type.duration_minutes)
    assert request.visit.therapist_id == world.case.primary_therapist_id
    found = await one_request(SqlUnitOfWorkFactory(runtime), request.request_id, Viewer())
    assert found.request.visit == request.visit
    assert found.request.note == "After school, please"
    assert [entry.action for entry in found.history] == ["submitted"]
    assert await published_types(runtime, request.request_id) == ["RequestSubmitted"]


@pytest.mark.postgres
async def test_the_same_key_submitted_twice_at_once_stores_one_request(postgres_runtime) -> None:
    world = await settled_world(postgres_runtime)
    command = submission(world)
    results = await asyncio.gather(
        *(submit_request(SqlUnitOfWorkFactory(postgres_runtime), command, NOW) for _ in range(4))
    )
    assert len({result.request.request_id for result in results}) == 1
    assert sum(result.created for result in results) == 1


async def test_settings_the_service_does_not_know_are_named(runtime, world) -> None:
    with pytest.raises(UnknownSetting) as unknown:
        await submit(runtime, world, visit_type_id=uuid.uuid4())
    assert unknown.value.kind == "visit-type"
    with pytest.raises(UnknownSetting) as unknown:
        await submit(runtime, world, case_id=uuid.uuid4())
    assert unknown.value.kind == "case"


async def test_a_case_takes_requests_up_to_its_cap_and_again_when_one_ends(runtime, world) -> None:
    cap = world.clinic.request_policy.max_pending_requests_per_case
    requests = [await submit(runtime, world, start=IN_THREE_DAYS + timedelta(hours=i)) for i in range(cap)]
    with pytest.raises(RuleBroken) as broken:
        await submit(runtime, world)
    assert broken.value.code == "too-many-pending-requests"
    await cancel_request(
        SqlUnitOfWorkFactory(runtime), CancelRequest(requests[0].request_id, world.portal_user.portal_user_id), NOW
    )
    assert (await submit(runtime, world)).status is RequestStatus.SUBMITTED


@pytest.mark.postgres
async def test_concurrent_submissions_do_not_slip_past_the_cap(postgres_runtime) -> None:
    world = await settled_world(postgres_runtime)
    cap = world.clinic.request_policy.max_pending_requests_per_case

    async def attempt(i: int) -> bool:
        try:
            await submit(postgres_runtime, world, start=IN_THREE_DAYS + timedelta(hours=i))
            return True
        except RuleBroken:
            return False

    accepted = await asyncio.gather(*(attempt(i) for i in range(cap + 3)))
    assert sum(accepted) == cap


async def test_availabilitys_answers_move_the_request_once_each(runtime, world) -> None:
    request = await submit(runtime, world)
    placed = envelope_of(hold_placed(request), world)
    await apply_calendar_event(SqlUnitOfWorkFactory(runtime), placed, hold_placed(request), NOW)
    await apply_calendar_event(SqlUnitOfWorkFactory(runtime), placed, hold_placed(request), NOW)
    found = await one_request(SqlUnitOfWorkFactory(runtime), request.request_id, Viewer())
    assert found.request.status is RequestStatus.PENDING
    assert [entry.action for entry in found.history] == ["submitted", "hold placed"]


async def test_a_refused_hold_refuses_the_request_and_publishes_why(runtime, world) -> None:
    request = await submit(runtime, world)
    refused = HoldRefused(**refusal_of(request, RefusalReason.CONFLICTS_WITH_CALENDAR, "Taken meanwhile"))
    await answer(runtime, world, refused)
    request = await current(runtime, request)
    assert request.status is RequestStatus.REFUSED
    assert (request.refusal.code, request.refusal.text) == ("conflicts-with-calendar", "Taken meanwhile")
    assert await published_types(runtime, request.request_id) == ["RequestSubmitted", "RequestRefused"]


async def test_events_about_unknown_requests_or_none_are_ignored(runtime, world) -> None:
    stranger = HoldPlaced(
        request_id=uuid.uuid4(),
        hold_id=uuid.uuid4(),
        therapist_id=world.therapist.therapist_id,
        location_id=world.location.location_id,
        start=IN_THREE_DAYS,
        end=IN_THREE_DAYS + timedelta(minutes=45),
        blocking=True,
    )
    await answer(runtime, world, stranger)
    direct = AppointmentBooked(
        appointment_id=uuid.uuid4(),
        request_id=None,
        therapist_id=world.therapist.therapist_id,
        location_id=world.location.location_id,
        patient_id=None,
        case_id=None,
        visit_type_id=None,
        start=IN_THREE_DAYS,
        end=IN_THREE_DAYS + timedelta(minutes=45),
        booked_by=BookedBy.SCHEDULER,
    )
    await answer(runtime, world, direct)


async def test_a_refused_booking_leaves_it_pending_and_conflicting(runtime, world) -> None:
    request = await held(runtime, world, await submit(runtime, world))
    await approve_request(
        SqlUnitOfWorkFactory(runtime), ApproveRequest(request.request_id, world.scheduler.staff_user_id), NOW
    )
    refused = BookingRefused(**refusal_of(request, RefusalReason.OUTSIDE_WORKING_HOURS, "Dana no longer works Mondays"))
    await answer(runtime, world, refused)
    request = await current(runtime, request)
    assert request.status is RequestStatus.PENDING
    assert request.conflict.code == "outside-working-hours"


async def test_overbooking_marks_a_pending_request_conflicting(runtime, world) -> None:
    request = await held(runtime, world, await submit(runtime, world))
    overbooked = PendingRequestOverbooked(
        request_id=request.request_id, hold_id=request.hold_id, appointment_id=uuid.uuid4()
    )
    await answer(runtime, world, overbooked)
    request = await current(runtime, request)
    assert request.status is RequestStatus.PENDING and request.conflict.code == "overbooked"


async def test_only_a_scheduler_who_sees_the_patient_decides(runtime, world) -> None:
    request = await held(runtime, world, await submit(runtime, world))
    with pytest.raises(RuleBroken) as broken:
        await approve_request(
            SqlUnitOfWorkFactory(runtime), ApproveRequest(request.request_id, world.branch_scheduler.staff_user_id), NOW
        )
    assert broken.value.code == "patient-not-visible-to-staff"
    with pytest.raises(UnknownSetting):
        await decline_request(
            SqlUnitOfWorkFactory(runtime), DeclineRequest(request.request_id, uuid.uuid4(), "No"), NOW
        )
    assert (await current(runtime, request)).status is RequestStatus.PENDING


async def test_an_edit_is_checked_then_applied_when_its_hold_is_placed(runtime, world) -> None:
    request = await held(runtime, world, await submit(runtime, world))
    staff = world.scheduler.staff_user_id
    with pytest.raises(RuleBroken) as broken:
        elsewhere = EditRequest(request.request_id, staff, therapist_id=world.colleague.therapist_id)
        await edit_request(SqlUnitOfWorkFactory(runtime), elsewhere, NOW)
    assert broken.value.code == "therapist-not-at-location"
    with pytest.raises(RuleBroken) as broken:
        await edit_request(
            SqlUnitOfWorkFactory(runtime), EditRequest(request.request_id, staff, start=NOW - timedelta(hours=1)), NOW
        )
    assert broken.value.code == "start-in-the-past"

    to_the_branch = {
        "start": IN_THREE_DAYS + timedelta(days=1),
        "location_id": world.branch.location_id,
        "visit_type_id": world.long_visit_type.visit_type_id,
    }
    # Robin schedules the main location only: moving the request to the branch is out of reach.
    with pytest.raises(RuleBroken) as broken:
        await edit_request(SqlUnitOfWorkFactory(runtime), EditRequest(request.request_id, staff, **to_the_branch), NOW)
    assert broken.value.code == "location-not-assigned-to-staff"

    both = world.scheduler.model_copy(
        update={"staff_user_id": uuid.uuid4(), "location_ids": (world.location.location_id, world.branch.location_id)}
    )
    await store_settings(runtime, world, both)
    moved = await edit_request(
        SqlUnitOfWorkFactory(runtime), EditRequest(request.request_id, both.staff_user_id, **to_the_branch), NOW
    )
    assert moved.proposed_edit is not None and moved.visit == request.visit
    with pytest.raises(TransitionRefused) as refused:
        await approve_request(SqlUnitOfWorkFactory(runtime), ApproveRequest(request.request_id, staff), NOW)
    assert refused.value.code == "edit-in-progress"

    await answer(runtime, world, hold_placed(moved, moved.proposed_edit.hold_id))
    request = await current(runtime, request)
    assert request.visit.location_id == world.branch.location_id
    assert request.visit.end - request.visit.start == timedelta(minutes=60)
    assert request.hold_id == moved.proposed_edit.hold_id and request.proposed_edit is None
    assert await published_types(runtime, request.request_id) == [
        "RequestSubmitted",
        "RequestPending",
        "RequestEdited",
        "RequestEditApplied",
    ]


@pytest.mark.postgres
async def test_approve_racing_cancel_has_one_winner(postgres_runtime) -> None:
    runtime = postgres_runtime
    world = await settled_world(runtime)
    for _ in range(3):
        request = await held(runtime, world, await submit(runtime, world))
        outcomes = await asyncio.gather(
            approve_request(
                SqlUnitOfWorkFactory(runtime), ApproveRequest(request.request_id, world.scheduler.staff_user_id), NOW
            ),
            cancel_request(
                SqlUnitOfWorkFactory(runtime), CancelRequest(request.request_id, world.portal_user.portal_user_id), NOW
            ),
            return_exceptions=True,
        )
        losers = [outcome for outcome in outcomes if isinstance(outcome, TransitionRefused)]
        winners = [outcome for outcome in outcomes if isinstance(outcome, AppointmentRequest)]
        assert len(losers) == 1 and len(winners) == 1, outcomes
        assert losers[0].request_status is winners[0].status
        assert len(await published_types(runtime, request.request_id)) == 3


async def test_the_sweep_expires_overdue_requests_once(runtime, world) -> None:
    overdue = await held(runtime, world, await submit(runtime, world))
    fresh = await held(runtime, world, await submit(runtime, world))
    expiry = timedelta(hours=world.clinic.request_policy.pending_request_expiry_hours)
    async with runtime.sessions.begin() as session:
        await session.execute(
            update(appointment_requests)
            .where(appointment_requests.c.request_id == overdue.request_id)
            .values(submitted_at=NOW - expiry - timedelta(minutes=1))
        )
    assert await expire_overdue_requests(SqlUnitOfWorkFactory(runtime), NOW) == 1
    assert await expire_overdue_requests(SqlUnitOfWorkFactory(runtime), NOW) == 0
    assert (await current(runtime, overdue)).status is RequestStatus.EXPIRED
    assert (await current(runtime, fresh)).status is RequestStatus.PENDING
    assert await published_types(runtime, overdue.request_id) == [
        "RequestSubmitted",
        "RequestPending",
        "RequestExpired",
    ]
    # Once its start has come, the fresh one expires too.
    assert await expire_overdue_requests(SqlUnitOfWorkFactory(runtime), fresh.visit.start) == 1


@pytest.mark.postgres
async def test_two_replicas_sweeping_at_once_expire_each_request_once(postgres_runtime) -> None:
    runtime = postgres_runtime
    world = await settled_world(runtime)
    overdue = [
        await held(runtime, world, await submit(runtime, world, start=IN_THREE_DAYS + timedelta(hours=hour)))
        for hour in range(3)
    ]
    expiry = timedelta(hours=world.clinic.request_policy.pending_request_expiry_hours)
    async with runtime.sessions.begin() as session:
        await session.execute(
            update(appointment_requests)
            .where(appointment_requests.c.request_id.in_([request.request_id for request in overdue]))
            .values(submitted_at=NOW - expiry - timedelta(minutes=1))
        )
    other_replica = await REQUESTS_DATABASE.migrated_runtime(runtime.settings.database_url)
    try:
        rounds = await asyncio.gather(
            expire_overdue_requests(SqlUnitOfWorkFactory(runtime), NOW),
            expire_overdue_requests(SqlUnitOfWorkFactory(other_replica), NOW),
        )
    finally:
        await other_replica.engine.dispose()
    assert sum(rounds) == 3, rounds
    for request in overdue:
        assert (await published_types(runtime, request.request_id)).count("RequestExpired") == 1


async def test_lists_filter_order_and_page(runtime, world) -> None:
    patient, case, parent = world.another_patient()
    await store_settings(runtime, world, patient, case, parent)
    first = await submit(runtime, world, start=IN_THREE_DAYS + timedelta(days=2))
    second = await held(runtime, world, await submit(runtime, world, start=IN_THREE_DAYS))
    other = await submit(
        runtime, world, **family_asking(patient, case, parent), start=IN_THREE_DAYS + timedelta(days=1)
    )

    async def ids(where: RequestFilter | None = None, viewer: Viewer | None = None, limit=50, offset=0):
        where, viewer = where or RequestFilter(), viewer or Viewer()
        page = (
            await list_requests(SqlUnitOfWorkFactory(runtime), where, viewer, Order.SOONEST, limit=limit, offset=offset)
        ).page
        return [request.request_id for request in page.items], page.total

    assert await ids() == ([second.request_id, other.request_id, first.request_id], 3)
    assert await ids(limit=1, offset=1) == ([other.request_id], 3)
    assert await ids(RequestFilter(statuses=(RequestStatus.PENDING,))) == ([second.request_id], 1)
    assert await ids(RequestFilter(patient_id=patient.patient_id)) == ([other.request_id], 1)
    assert await ids(RequestFilter(starts_from=IN_THREE_DAYS + timedelta(days=1))) == (
        [other.request_id, first.request_id],
        2,
    )
    assert await ids(RequestFilter(starts_before=IN_THREE_DAYS + timedelta(days=1))) == ([second.request_id], 1)
    assert await ids(viewer=Viewer(portal_user_id=parent.portal_user_id)) == ([other.request_id], 1)
    assert await ids(RequestFilter(location_id=world.branch.location_id)) == ([], 0)
    assert (await ids(RequestFilter(therapist_id=world.therapist.therapist_id)))[1] == 3


async def test_newest_first_is_by_submission_time(runtime, world) -> None:
    earlier = await submit_request(
        SqlUnitOfWorkFactory(runtime), submission(world, start=IN_THREE_DAYS), NOW - timedelta(minutes=5)
    )
    later = await submit_request(
        SqlUnitOfWorkFactory(runtime), submission(world, start=IN_THREE_DAYS + timedelta(days=1)), NOW
    )
    page = (
        await list_requests(SqlUnitOfWorkFactory(runtime), RequestFilter(), Viewer(), Order.NEWEST, limit=10, offset=0)
    ).page
    assert [request.request_id for request in page.items] == [later.request.request_id, earlier.request.request_id]


async def test_a_scheduler_sees_only_patients_treated_at_their_locations(runtime, world) -> None:
    patient, case, parent = world.another_patient()
    case = case.model_copy(update={"location_id": world.branch.location_id})
    branch = next_revision(world.branch)
    await store_settings(runtime, world, patient, case, parent, branch)
    ours = await held(runtime, world, await submit(runtime, world))
    theirs = await submit(runtime, world, **family_asking(patient, case, parent), location_id=world.branch.location_id)
    await answer(runtime, world, hold_placed(theirs))

    async def visible(staff) -> list[uuid.UUID]:
        viewer = Viewer(staff_user_id=staff.staff_user_id)
        page = (
            await list_requests(
                SqlUnitOfWorkFactory(runtime), RequestFilter(), viewer, Order.NEWEST, limit=50, offset=0
            )
        ).page
        return [request.request_id for request in page.items]

    assert await visible(world.scheduler) == [ours.request_id]
    assert await visible(world.branch_scheduler) == [theirs.request_id]
    assert (
        await pending_count(
            SqlUnitOfWorkFactory(runtime), RequestFilter(), Viewer(staff_user_id=world.scheduler.staff_user_id)
        )
        == 1
    )
    everywhere = next_revision(world.branch_scheduler, all_locations=True)
    await store_settings(runtime, world, everywhere)
    assert set(await visible(everywhere)) == {ours.request_id, theirs.request_id}
    assert (
        await pending_count(
            SqlUnitOfWorkFactory(runtime), RequestFilter(), Viewer(staff_user_id=everywhere.staff_user_id)
        )
        == 2
    )
    with pytest.raises(RequestNotFound):
        await one_request(
            SqlUnitOfWorkFactory(runtime), theirs.request_id, Viewer(staff_user_id=world.scheduler.staff_user_id)
        )
    assert (
        await one_request(
            SqlUnitOfWorkFactory(runtime), theirs.request_id, Viewer(staff_user_id=everywhere.staff_user_id)
        )
    ).history


async def test_a_pending_request_is_flagged_when_what_it_was_asked_under_is_switched_off(runtime, world) -> None:
    request = await held(runtime, world, await submit(runtime, world))
    assert request.status is RequestStatus.PENDING
    assert (await one_request(SqlUnitOfWorkFactory(runtime), request.request_id, Viewer())).attention == ()

    closed = next_revision(world.location, allow_appointment_requests=False, active=False)
    retired = next_revision(world.therapist, active=False)
    await store_settings(runtime, world, closed, retired)
    found = await one_request(SqlUnitOfWorkFactory(runtime), request.request_id, Viewer())
    assert [reason.code for reason in found.attention] == ["location-not-requestable", "therapist-inactive"]
    assert found.request.status is RequestStatus.PENDING, "flagged, still the scheduler's to decide"
    listed = await list_requests(
        SqlUnitOfWorkFactory(runtime), RequestFilter(), Viewer(), Order.NEWEST, limit=50, offset=0
    )
    assert [seen.attention for seen in listed.seen if seen.request.request_id == request.request_id] == [
        found.attention
    ]

    # Decided, it is no longer flagged: only pending requests wait on a scheduler.
    await decline_request(
        SqlUnitOfWorkFactory(runtime),
        DeclineRequest(request.request_id, world.scheduler.staff_user_id, "Location closed"),
        NOW,
    )
    assert (await one_request(SqlUnitOfWorkFactory(runtime), request.request_id, Viewer())).attention == ()


async def waiting_for_the_answer(runtime, request: AppointmentRequest, world: ClinicWorld, seconds: float):
    """A submission's caller waiting for the calendar's answer, as the HTTP route waits."""
    viewer = Viewer(portal_user_id=world.portal_user.portal_user_id)
    deadline = time.monotonic() + seconds
    return asyncio.create_task(
        once_answered(runtime, SqlUnitOfWorkFactory(runtime), request.request_id, deadline, viewer)
    )


async def held_as_answered(waiting: asyncio.Task) -> None:
    """The waiting caller's answer: the request pending, its hold in its history."""
    seen = await waiting
    assert seen.request.status is RequestStatus.PENDING
    assert [entry.action for entry in seen.history] == ["submitted", "hold placed"]


async def test_a_waiting_caller_sees_an_answer_another_replica_committed(runtime, world) -> None:
    """No signal wakes it (the answer was not committed by this process): its looks find it."""
    request = await submit(runtime, world)
    waiting = await waiting_for_the_answer(runtime, request, world, seconds=30)
    await asyncio.sleep(0.25)  # past its first look, which found nothing yet
    assert not waiting.done()
    await answer(runtime, world, hold_placed(request))
    await held_as_answered(waiting)


async def test_a_waiting_caller_woken_by_this_process_reads_the_answer(runtime, world) -> None:
    request = await submit(runtime, world)
    waiting = await waiting_for_the_answer(runtime, request, world, seconds=30)
    await asyncio.sleep(0.05)
    await answer(runtime, world, hold_placed(request))
    runtime.changes.changed(("request", request.request_id))  # as the calendar's consumer does once committed
    await held_as_answered(waiting)


async def test_a_wake_for_another_change_keeps_the_caller_waiting_for_the_answer(runtime, world) -> None:
    request = await submit(runtime, world)
    waiting = await waiting_for_the_answer(runtime, request, world, seconds=30)
    await asyncio.sleep(0.05)
    runtime.changes.changed(("request", request.request_id))  # woken, but nothing answered yet
    await asyncio.sleep(0.3)
    assert not waiting.done()
    await answer(runtime, world, hold_placed(request))
    await held_as_answered(waiting)


async def test_a_waiting_caller_gets_the_request_as_it_stands_at_the_deadline(runtime, world) -> None:
    request = await submit(runtime, world)
    seen = await (await waiting_for_the_answer(runtime, request, world, seconds=0.3))
    assert seen.request.status is RequestStatus.SUBMITTED
    assert [entry.action for entry in seen.history] == ["submitted"]
