"""Expiry by the background sweep (EXPIRY_SWEEP_SECONDS=1 in the test stack), and availability's
real answers delivered twice. A request whose start comes while it is pending: in
test_appointment_cancellation.py."""

import uuid
from datetime import UTC, datetime, timedelta

import pytest

from clinic_contracts import EventEnvelope
from tests.requests.e2e.conftest import RequestsService, before_hours, connect

pytestmark = [pytest.mark.kafka, pytest.mark.postgres]


async def test_a_request_unreviewed_past_the_clinics_expiry_expires_and_frees_its_time(
    service: RequestsService,
) -> None:
    world, slot, request_id = await service.pending_at_first_morning()
    # Waiting the clinic's expiry out is not an option; submitting that long ago is.
    expiry = timedelta(hours=world.clinic.request_policy.pending_request_expiry_hours)
    connection = await connect(service.database_urls["requests"])
    try:
        await connection.execute(
            "UPDATE appointment_requests SET submitted_at = $1 WHERE request_id = $2",
            datetime.now(UTC) - expiry - timedelta(minutes=1),
            uuid.UUID(request_id),
        )
    finally:
        await connection.close()
    expired = await service.until_status(request_id, "expired")
    assert expired["history"][-1]["actor_kind"] == "expiry"
    assert expired["expiry"]["code"] == "not-reviewed-in-time", expired
    assert "Not reviewed within" in expired["history"][-1]["detail"]
    [_, _, event] = await service.until_published(request_id, "RequestSubmitted", "RequestPending", "RequestExpired")
    assert event.payload["hold_id"] == await service.hold_of(request_id)
    await service.until_requestable(world, slot)


async def processed_once(service: RequestsService, event_id: uuid.UUID) -> bool:
    connection = await connect(service.database_urls["requests"])
    try:
        count = await connection.fetchval(
            "SELECT count(*) FROM processed_events WHERE consumer = 'request-outcomes' AND event_id = $1", event_id
        )
    finally:
        await connection.close()
    return count == 1


async def delivered_again(service: RequestsService, request_id: str, event_type: str) -> dict:
    """Availability's latest answer about the request, which must be `event_type`, published again
    byte for byte once the request has taken it in; the request once the copy is consumed, which
    must be the request as it was."""
    before = await service.until(request_id, lambda r: r["history"][-1]["actor_kind"] == "availability")
    [*_, record] = await service.answers(request_id)
    envelope = EventEnvelope.from_bytes(record.value)
    assert envelope.event_type == event_type
    await service.until_consumed(await service.redeliver(record))
    after = await service.get(request_id)
    assert after == before, event_type
    assert await processed_once(service, envelope.event_id)
    return after


async def test_every_answer_availability_sends_changes_things_once_when_delivered_twice(
    service: RequestsService,
) -> None:
    world = await service.new_world()
    staff = world.scheduler.staff_user_id
    slot = (await service.mornings(world))[0]
    request = await service.pending(world, slot)
    request_id = request["request_id"]
    pending = await delivered_again(service, request_id, "HoldPlaced")
    assert pending["status"] == "pending"

    appointment = await service.book_directly(world, slot)
    await service.until(request_id, lambda r: r["conflicting"])
    # Applied twice, the overbooking would be recorded twice: only the inbox stands in the way.
    overbooked = await delivered_again(service, request_id, "PendingRequestOverbooked")
    assert [entry["action"] for entry in overbooked["history"]].count("overbooked") == 1

    await service.act(request_id, "approve", staff_id=staff)
    await service.until(request_id, lambda r: r["history"][-1]["action"] == "booking refused")
    refused = await delivered_again(service, request_id, "BookingRefused")
    assert refused["status"] == "pending"

    cancelled = await service.availability.post(
        f"/appointments/{appointment['appointment_id']}/cancel", auth=service.as_staff(staff, "availability")
    )
    assert cancelled.status_code == 200, cancelled.text
    await service.act(request_id, "approve", staff_id=staff)
    await service.until_status(request_id, "approved")
    approved = await delivered_again(service, request_id, "AppointmentBooked")
    assert [entry["action"] for entry in approved["history"]] == [
        "submitted",
        "hold placed",
        "overbooked",
        "approval started",
        "booking refused",
        "approval started",
        "appointment booked",
    ]
    await service.until_published(
        request_id,
        "RequestSubmitted",
        "RequestPending",
        "RequestApprovalStarted",
        "RequestApprovalStarted",
        "RequestApproved",
    )

    before_nine = await service.submitted(world, before_hours((await service.mornings(world))[1]))
    await service.until_status(before_nine["request_id"], "refused")
    refusal = await delivered_again(service, before_nine["request_id"], "HoldRefused")
    assert [entry["action"] for entry in refusal["history"]] == ["submitted", "hold refused"]
    await service.until_published(before_nine["request_id"], "RequestSubmitted", "RequestRefused")
