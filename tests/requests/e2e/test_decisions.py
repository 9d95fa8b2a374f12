"""Approving, editing, declining and cancelling over HTTP, with availability's answers on the topic."""

import asyncio
import uuid

import pytest

from clinic_contracts.events import (
    AppointmentBooked,
    BookedBy,
    BookingRefused,
    HoldRefused,
    PendingRequestOverbooked,
    RefusalReason,
)
from tests.requests.e2e.conftest import RequestsService, hold_placed, in_days

pytestmark = [pytest.mark.kafka, pytest.mark.postgres]


def booked(request: dict, appointment_id: uuid.UUID) -> AppointmentBooked:
    return AppointmentBooked(
        appointment_id=appointment_id,
        request_id=request["request_id"],
        therapist_id=request["therapist_id"],
        location_id=request["location_id"],
        patient_id=request["patient_id"],
        case_id=request["case_id"],
        visit_type_id=request["visit_type_id"],
        start=request["start"],
        end=request["end"],
        booked_by=BookedBy.REQUEST,
    )


async def test_approval_books_the_appointment_and_a_second_approve_changes_nothing(service: RequestsService) -> None:
    world = await service.new_world()
    request = await service.pending(world)
    request_id, staff = request["request_id"], world.scheduler.staff_user_id

    approving = await service.act(request_id, "approve", staff_id=staff)
    assert approving.status_code == 200, approving.text
    assert approving.json()["status"] == "approving"
    [_, started] = await service.until_published(request_id, "RequestSubmitted", "RequestApprovalStarted")
    assert started.payload["approved_by"] == str(staff)
    assert started.payload["hold_id"] == await service.submitted_hold(request_id)

    again = await service.act(request_id, "approve", staff_id=staff)
    assert again.status_code == 200 and again.json()["status"] == "approving"

    appointment_id = uuid.uuid4()
    await service.answer(world, booked(request, appointment_id))
    approved = await service.until_status(request_id, "approved")
    assert approved["appointment_id"] == str(appointment_id)
    assert [entry["action"] for entry in approved["history"]] == [
        "submitted",
        "hold placed",
        "approval started",
        "appointment booked",
    ]
    [*_, done] = await service.until_published(
        request_id, "RequestSubmitted", "RequestApprovalStarted", "RequestApproved"
    )
    assert done.payload["appointment_id"] == str(appointment_id)

    after = await service.act(request_id, "approve", staff_id=staff)
    assert after.status_code == 200 and after.json()["status"] == "approved"
    assert len((await service.get(request_id))["history"]) == 4
    await service.until_published(request_id, "RequestSubmitted", "RequestApprovalStarted", "RequestApproved")


async def test_a_refused_booking_keeps_it_pending_and_marks_the_conflict(service: RequestsService) -> None:
    world = await service.new_world()
    request = await service.pending(world)
    request_id = request["request_id"]
    await service.act(request_id, "approve", staff_id=world.scheduler.staff_user_id)
    await service.answer(
        world,
        BookingRefused(
            request_id=request_id,
            hold_id=await service.submitted_hold(request_id),
            reason_code=RefusalReason.CONFLICTS_WITH_CALENDAR,
            reason="A staff meeting was put there.",
        ),
    )
    back = await service.until(request_id, lambda r: r["status"] == "pending" and r["conflicting"])
    assert back["conflict"] == {"code": "conflicts_with_calendar", "reason": "A staff meeting was put there."}


async def test_a_scheduler_booking_over_it_marks_it_conflicting(service: RequestsService) -> None:
    world = await service.new_world()
    request = await service.pending(world)
    request_id = request["request_id"]
    appointment_id = uuid.uuid4()
    await service.answer(
        world,
        PendingRequestOverbooked(
            request_id=request_id, hold_id=await service.submitted_hold(request_id), appointment_id=appointment_id
        ),
    )
    marked = await service.until(request_id, lambda r: r["conflicting"])
    assert marked["status"] == "pending"
    assert marked["conflict"]["code"] == "overbooked" and str(appointment_id) in marked["conflict"]["reason"]


async def test_an_edit_applies_once_availability_holds_the_new_time(service: RequestsService) -> None:
    world = await service.new_world()
    request = await service.pending(world)
    request_id = request["request_id"]
    old_hold = await service.submitted_hold(request_id)
    new_start = in_days(4)

    refused = await service.act(
        request_id, "edit", staff_id=world.scheduler.staff_user_id, therapist_id=world.colleague.therapist_id
    )
    assert refused.status_code == 422 and refused.json()["code"] == "therapist-not-at-location"
    unchanged = await service.act(request_id, "edit", staff_id=world.scheduler.staff_user_id)
    assert unchanged.status_code == 422 and unchanged.json()["code"] == "nothing-to-change"

    proposed = await service.act(
        request_id,
        "edit",
        staff_id=world.scheduler.staff_user_id,
        start=new_start,
        location_id=world.branch.location_id,
        visit_type_id=world.long_visit_type.visit_type_id,
    )
    assert proposed.status_code == 200, proposed.text
    assert proposed.json()["start"] == request["start"]
    assert proposed.json()["proposed_edit"]["location_id"] == str(world.branch.location_id)
    [_, edited] = await service.until_published(request_id, "RequestSubmitted", "RequestEdited")
    assert edited.payload["previous_hold_id"] == old_hold
    assert edited.payload["location_id"] == str(world.branch.location_id)

    busy = await service.act(request_id, "approve", staff_id=world.scheduler.staff_user_id)
    assert busy.status_code == 409 and busy.json()["code"] == "edit-in-progress"

    await service.answer(world, hold_placed({**request, **edited.payload}, edited.payload["hold_id"]))
    moved = await service.until(request_id, lambda r: r["proposed_edit"] is None)
    assert moved["location_id"] == str(world.branch.location_id)
    assert moved["visit_type_id"] == str(world.long_visit_type.visit_type_id)
    assert moved["start"] == edited.payload["start"] and moved["end"] == edited.payload["end"]
    assert moved["history"][-1]["action"] == "edit applied"

    # The next decision names the new hold.
    await service.act(request_id, "decline", staff_id=world.scheduler.staff_user_id, reason="Moved away")
    [*_, declined] = await service.until_published(request_id, "RequestSubmitted", "RequestEdited", "RequestDeclined")
    assert declined.payload["hold_id"] == edited.payload["hold_id"]


async def test_a_refused_edit_keeps_the_old_time_and_says_why(service: RequestsService) -> None:
    world = await service.new_world()
    request = await service.pending(world)
    request_id = request["request_id"]
    proposed = await service.act(request_id, "edit", staff_id=world.scheduler.staff_user_id, start=in_days(5))
    assert proposed.status_code == 200, proposed.text
    [_, edited] = await service.until_published(request_id, "RequestSubmitted", "RequestEdited")
    await service.answer(
        world,
        HoldRefused(
            request_id=request_id,
            hold_id=edited.payload["hold_id"],
            reason_code=RefusalReason.OUTSIDE_WORKING_HOURS,
            reason="Dana does not work then.",
        ),
    )
    kept = await service.until(request_id, lambda r: r["proposed_edit"] is None)
    assert kept["status"] == "pending"
    assert kept["start"] == request["start"]
    assert kept["edit_refusal"] == {"code": "outside_working_hours", "reason": "Dana does not work then."}


async def test_decline_needs_a_reason_and_a_scheduler_who_sees_the_patient(service: RequestsService) -> None:
    world = await service.new_world()
    request = await service.pending(world)
    request_id = request["request_id"]

    no_reason = await service.act(request_id, "decline", staff_id=world.scheduler.staff_user_id, reason=" ")
    assert no_reason.status_code == 422 and no_reason.json()["code"] == "decline-reason-required"
    elsewhere = await service.act(request_id, "decline", staff_id=world.branch_scheduler.staff_user_id, reason="No")
    assert elsewhere.status_code == 403 and elsewhere.json()["code"] == "patient-not-visible-to-staff"

    declined = await service.act(
        request_id, "decline", staff_id=world.scheduler.staff_user_id, reason="Dana is away that week"
    )
    assert declined.status_code == 200
    assert (declined.json()["status"], declined.json()["decline_reason"]) == ("declined", "Dana is away that week")
    [_, event] = await service.until_published(request_id, "RequestSubmitted", "RequestDeclined")
    assert event.payload["reason"] == "Dana is away that week"
    assert event.payload["declined_by"] == str(world.scheduler.staff_user_id)


async def test_the_portal_user_withdraws_a_pending_request(service: RequestsService) -> None:
    world = await service.new_world()
    request = await service.pending(world)
    request_id = request["request_id"]
    _, _, stranger = world.another_patient()
    await service.settle(world, stranger)

    theirs = await service.act(request_id, "cancel", portal_user_id=stranger.portal_user_id)
    assert theirs.status_code == 403 and theirs.json()["code"] == "request-not-yours"

    cancelled = await service.act(request_id, "cancel", portal_user_id=world.portal_user.portal_user_id)
    assert cancelled.status_code == 200 and cancelled.json()["status"] == "cancelled"
    [_, event] = await service.until_published(request_id, "RequestSubmitted", "RequestCancelled")
    assert event.payload["hold_id"] == await service.submitted_hold(request_id)

    too_late = await service.act(request_id, "approve", staff_id=world.scheduler.staff_user_id)
    assert too_late.status_code == 409
    assert (too_late.json()["code"], too_late.json()["request_status"]) == ("request-not-pending", "cancelled")


async def test_approve_racing_cancel_has_exactly_one_winner(service: RequestsService) -> None:
    world = await service.new_world()
    for day in range(3):
        request = await service.pending(world, start=in_days(3 + day))
        request_id = request["request_id"]
        approve, cancel = await asyncio.gather(
            service.act(request_id, "approve", staff_id=world.scheduler.staff_user_id),
            service.act(request_id, "cancel", portal_user_id=world.portal_user.portal_user_id),
        )
        codes = sorted([approve.status_code, cancel.status_code])
        assert codes == [200, 409], (approve.text, cancel.text)
        winner, loser = (approve, cancel) if approve.status_code == 200 else (cancel, approve)
        assert loser.json()["code"] == "request-not-pending"
        assert loser.json()["request_status"] == winner.json()["status"]
        ending = "RequestApprovalStarted" if winner is approve else "RequestCancelled"
        await service.until_published(request_id, "RequestSubmitted", ending)
        if winner is approve:
            # Let the case take its next request.
            await service.answer(world, booked(request, uuid.uuid4()))
            await service.until_status(request_id, "approved")


async def test_an_unknown_request_is_not_found(service: RequestsService) -> None:
    response = await service.http.get(f"/requests/{uuid.uuid4()}")
    assert response.status_code == 404
    assert response.json()["code"] == "request-not-found"
    missing = await service.act(str(uuid.uuid4()), "approve", staff_id=uuid.uuid4())
    assert missing.status_code == 404
