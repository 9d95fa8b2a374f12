"""Approving, editing, declining and cancelling over HTTP, with availability answering for real.

What only a slow availability would show (a second approve while the booking is under way, an
approve refused because an edit still waits for its hold) is the database ring's to test:
tests/requests/integration and tests/requests/unit hold those states still, without a broker."""

import asyncio
import uuid
from datetime import timedelta

import pytest

from tests.requests.e2e.conftest import RequestsService, before_hours, moment

pytestmark = [pytest.mark.kafka, pytest.mark.postgres]

CALENDAR_TAKEN = "The therapist's calendar already has something at that time."


async def test_approval_books_the_appointment_and_a_second_approve_changes_nothing(service: RequestsService) -> None:
    world = await service.new_world()
    slot = (await service.mornings(world))[0]
    request = await service.pending(world, slot)
    request_id, staff = request["request_id"], world.scheduler.staff_user_id

    approving = await service.act(request_id, "approve", staff_id=staff, wait_seconds=8)
    assert approving.status_code == 200, approving.text
    approved = await service.until_status(request_id, "approved")
    assert [entry["action"] for entry in approved["history"]] == [
        "submitted",
        "hold placed",
        "approval started",
        "appointment booked",
    ]
    [_, _, started, done] = await service.until_published(
        request_id, "RequestSubmitted", "RequestPending", "RequestApprovalStarted", "RequestApproved"
    )
    assert started.payload["approved_by"] == str(staff)
    assert started.payload["hold_id"] == await service.hold_of(request_id)
    assert done.payload["appointment_id"] == approved["appointment_id"]

    [appointment] = [item for item in await service.calendar(world, slot) if item["request_id"] == request_id]
    assert appointment["kind"] == "appointment" and appointment["booked_by"] == "request"
    assert appointment["item_id"] == approved["appointment_id"]
    assert moment(appointment["start"]) == slot
    assert appointment["patient_id"] == str(world.patient.patient_id)

    again = await service.act(request_id, "approve", staff_id=staff)
    assert again.status_code == 200 and again.json()["status"] == "approved"
    assert len(again.json()["history"]) == 4
    await service.until_published(
        request_id, "RequestSubmitted", "RequestPending", "RequestApprovalStarted", "RequestApproved"
    )


async def test_a_scheduler_booking_over_it_marks_it_conflicting_and_approving_it_is_refused(
    service: RequestsService,
) -> None:
    world, slot, request_id = await service.pending_at_first_morning()

    appointment = await service.book_directly(world, slot + timedelta(minutes=15), minutes=30)
    marked = await service.until(request_id, lambda r: r["conflicting"])
    assert marked["status"] == "pending"
    assert marked["conflict"]["code"] == "overbooked"
    assert appointment["appointment_id"] in marked["conflict"]["reason"]

    await service.act(request_id, "approve", staff_id=world.scheduler.staff_user_id)
    refused = await service.until(request_id, lambda r: r["history"][-1]["action"] == "booking refused")
    assert (refused["status"], refused["conflicting"]) == ("pending", True)
    assert refused["conflict"] == {"code": "conflicts-with-calendar", "reason": CALENDAR_TAKEN}
    assert [entry["action"] for entry in refused["history"]] == [
        "submitted",
        "hold placed",
        "overbooked",
        "approval started",
        "booking refused",
    ]
    await service.until_published(request_id, "RequestSubmitted", "RequestPending", "RequestApprovalStarted")
    kinds = {item["item_id"]: item["kind"] for item in await service.calendar(world, slot)}
    assert kinds == {appointment["appointment_id"]: "appointment", await service.hold_of(request_id): "pending_request"}


async def test_an_edit_applies_once_availability_holds_the_new_time(service: RequestsService) -> None:
    world = await service.new_world()
    first_day = (await service.mornings(world))[0]
    elsewhere = (await service.mornings(world, location=world.branch))[2]
    request = await service.pending(world, first_day)
    request_id, staff = request["request_id"], world.scheduler.staff_user_id
    old_hold = await service.hold_of(request_id)

    refused = await service.act(request_id, "edit", staff_id=staff, therapist_id=world.colleague.therapist_id)
    assert refused.status_code == 422 and refused.json()["code"] == "therapist-not-at-location"
    unchanged = await service.act(request_id, "edit", staff_id=staff)
    assert unchanged.status_code == 422 and unchanged.json()["code"] == "nothing-to-change"

    # A move out of the scheduler's reach is refused: Robin works at the main location only.
    out_of_reach = await service.act(
        request_id, "edit", staff_id=staff, start=elsewhere, location_id=world.branch.location_id
    )
    assert out_of_reach.status_code == 403 and out_of_reach.json()["code"] == "location-not-assigned-to-staff"

    both = await service.admin.staff(world.clinic_id, "Jo", world.location, world.branch)
    await service.settle(both)
    edited = await service.act(
        request_id,
        "edit",
        staff_id=both.staff_user_id,
        start=elsewhere,
        location_id=world.branch.location_id,
        visit_type_id=world.long_visit_type.visit_type_id,
        wait_seconds=8,
    )
    assert edited.status_code == 200, edited.text
    moved = await service.until(request_id, lambda r: r["proposed_edit"] is None)
    assert moved["location_id"] == str(world.branch.location_id)
    assert moved["visit_type_id"] == str(world.long_visit_type.visit_type_id)
    assert moment(moved["start"]) == elsewhere and moment(moved["end"]) == elsewhere + timedelta(minutes=60)
    assert moved["history"][-2]["action"] == "edit proposed"
    assert moved["history"][-1]["action"] == "edit applied"
    [_, _, edit, applied] = await service.until_published(
        request_id, "RequestSubmitted", "RequestPending", "RequestEdited", "RequestEditApplied"
    )
    assert edit.payload["previous_hold_id"] == old_hold
    assert moment(applied.payload["start"]) == elsewhere and moment(applied.payload["previous_start"]) == first_day

    [new_hold] = [item for item in await service.calendar(world, elsewhere) if item["request_id"] == request_id]
    assert new_hold["item_id"] == edit.payload["hold_id"]
    assert new_hold["location_id"] == str(world.branch.location_id)
    # The old time is free again: the portal offers it.
    await service.until_requestable(world, first_day)

    # The next decision names the new hold.
    await service.act(request_id, "decline", staff_id=staff, reason="Moved away")
    [*_, declined] = await service.until_published(
        request_id, "RequestSubmitted", "RequestPending", "RequestEdited", "RequestEditApplied", "RequestDeclined"
    )
    assert declined.payload["hold_id"] == edit.payload["hold_id"]


async def test_a_refused_edit_keeps_the_old_time_and_says_why(service: RequestsService) -> None:
    world = await service.new_world()
    [slot, next_day, *_] = await service.mornings(world)
    request = await service.pending(world, slot)
    request_id = request["request_id"]
    proposed = await service.act(
        request_id, "edit", staff_id=world.scheduler.staff_user_id, start=before_hours(next_day), wait_seconds=8
    )
    assert proposed.status_code == 200, proposed.text
    kept = await service.until(request_id, lambda r: r["proposed_edit"] is None)
    assert kept["status"] == "pending"
    assert (kept["start"], kept["end"]) == (request["start"], request["end"])
    assert kept["edit_refusal"] == {
        "code": "outside-working-hours",
        "reason": "The therapist does not work at this location for all of that time.",
    }
    assert kept["history"][-1]["action"] == "edit refused"
    [_, _, edit, refused] = await service.until_published(
        request_id, "RequestSubmitted", "RequestPending", "RequestEdited", "RequestEditRefused"
    )
    assert refused.payload["reason_code"] == "outside-working-hours"
    # Still held where it was.
    held = [item["item_id"] for item in await service.calendar(world, slot) if item["request_id"] == request_id]
    assert held == [await service.hold_of(request_id)] and held != [edit.payload["hold_id"]]
    assert slot not in await service.slots(world)


async def test_decline_needs_a_reason_and_a_scheduler_who_sees_the_patient(service: RequestsService) -> None:
    world, slot, request_id = await service.pending_at_first_morning()
    assert slot not in await service.slots(world)

    no_reason = await service.act(request_id, "decline", staff_id=world.scheduler.staff_user_id, reason=" ")
    assert no_reason.status_code == 422 and no_reason.json()["code"] == "decline-reason-required"
    elsewhere = await service.act(request_id, "decline", staff_id=world.branch_scheduler.staff_user_id, reason="No")
    # Not a patient of their locations: the request is not theirs to know of, as reading it says.
    assert elsewhere.status_code == 404 and elsewhere.json()["code"] == "request-not-found"

    declined = await service.act(
        request_id, "decline", staff_id=world.scheduler.staff_user_id, reason="Dana is away that week"
    )
    assert declined.status_code == 200
    assert (declined.json()["status"], declined.json()["decline_reason"]) == ("declined", "Dana is away that week")
    [_, _, event] = await service.until_published(request_id, "RequestSubmitted", "RequestPending", "RequestDeclined")
    assert event.payload["reason"] == "Dana is away that week"
    assert event.payload["declined_by"] == str(world.scheduler.staff_user_id)
    # Availability released the hold: the time may be requested again.
    await service.until_requestable(world, slot)


async def test_the_portal_user_withdraws_a_pending_request(service: RequestsService) -> None:
    world, slot, request_id = await service.pending_at_first_morning()
    stranger = (await service.another_family(world)).portal_user

    theirs = await service.act(request_id, "cancel", portal_user_id=stranger.portal_user_id)
    # Another family's request is not theirs to know of: the same answer as for no request at all.
    assert theirs.status_code == 404 and theirs.json()["code"] == "request-not-found"

    cancelled = await service.act(request_id, "cancel", portal_user_id=world.portal_user.portal_user_id)
    assert cancelled.status_code == 200 and cancelled.json()["status"] == "cancelled"
    [_, _, event] = await service.until_published(request_id, "RequestSubmitted", "RequestPending", "RequestCancelled")
    assert event.payload["hold_id"] == await service.hold_of(request_id)
    await service.until_requestable(world, slot)

    too_late = await service.act(request_id, "approve", staff_id=world.scheduler.staff_user_id)
    assert too_late.status_code == 409
    assert (too_late.json()["code"], too_late.json()["request_status"]) == ("request-not-pending", "cancelled")


async def test_approve_racing_cancel_has_exactly_one_winner(service: RequestsService) -> None:
    world = await service.new_world()
    for start in (await service.mornings(world))[:3]:
        request = await service.pending(world, start)
        request_id = request["request_id"]
        approve, cancel = await asyncio.gather(
            service.act(request_id, "approve", staff_id=world.scheduler.staff_user_id),
            service.act(request_id, "cancel", portal_user_id=world.portal_user.portal_user_id),
        )
        codes = sorted([approve.status_code, cancel.status_code])
        assert codes == [200, 409], (approve.text, cancel.text)
        loser = cancel if approve.status_code == 200 else approve
        assert loser.json()["code"] == "request-not-pending"
        if approve.status_code == 200:
            # The loser saw the booking under way, or (availability being quick) done.
            assert loser.json()["request_status"] in ("approving", "approved")
            await service.until_status(request_id, "approved")
            await service.until_published(
                request_id, "RequestSubmitted", "RequestPending", "RequestApprovalStarted", "RequestApproved"
            )
        else:
            assert loser.json()["request_status"] == "cancelled"
            await service.until_published(request_id, "RequestSubmitted", "RequestPending", "RequestCancelled")


async def test_an_unknown_request_is_not_found(service: RequestsService) -> None:
    response = await service.http.get(f"/requests/{uuid.uuid4()}")
    assert response.status_code == 404
    assert response.json()["code"] == "request-not-found"
    missing = await service.act(str(uuid.uuid4()), "approve", staff_id=uuid.uuid4())
    assert missing.status_code == 404
