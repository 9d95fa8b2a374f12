"""Expiry by the background sweep (EXPIRY_SWEEP_SECONDS=1 in the test stack), and availability's
events delivered twice."""

import uuid
from datetime import UTC, datetime, timedelta

import pytest

from clinic_contracts import EventEnvelope
from clinic_contracts.events import (
    AppointmentBooked,
    BookedBy,
    BookingRefused,
    HoldRefused,
    PendingRequestOverbooked,
    RefusalReason,
)
from tests.kafka_tools import eventually
from tests.requests.clinic_world import POLICY
from tests.requests.e2e.conftest import RequestsService, connect, hold_placed

pytestmark = [pytest.mark.kafka, pytest.mark.postgres]


async def test_a_request_unreviewed_past_the_clinics_expiry_expires(service: RequestsService) -> None:
    world = await service.new_world()
    request = await service.pending(world)
    request_id = request["request_id"]
    expiry = timedelta(hours=world.clinic.request_policy.pending_request_expiry_hours)
    connection = await connect(service.database_url)
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
    [_, event] = await service.until_published(request_id, "RequestSubmitted", "RequestExpired")
    assert event.payload["hold_id"] == await service.submitted_hold(request_id)


async def test_a_request_whose_start_has_come_expires(service: RequestsService) -> None:
    world = await service.new_world(request_policy=POLICY.model_copy(update={"minimum_notice_hours": 0}))
    soon = datetime.now(UTC) + timedelta(seconds=3)
    request = await service.pending(world, start=soon.isoformat())
    assert request["status"] == "pending"
    expired = await service.until_status(request["request_id"], "expired")
    assert "start has passed" in expired["history"][-1]["detail"]
    await service.until_published(request["request_id"], "RequestSubmitted", "RequestExpired")


async def processed(service: RequestsService, event_id: uuid.UUID) -> bool:
    connection = await connect(service.database_url)
    try:
        count = await connection.fetchval(
            "SELECT count(*) FROM processed_events WHERE consumer = 'request-outcomes' AND event_id = $1", event_id
        )
    finally:
        await connection.close()
    return count == 1


async def delivered_twice(service: RequestsService, world, event) -> None:
    """The same envelope twice, then a marker on the same partition: once the marker is processed,
    so are both copies."""
    envelope = await service.answer(world, event)
    await service.redeliver(envelope)
    marker = PendingRequestOverbooked(request_id=event.request_id, hold_id=uuid.uuid4(), appointment_id=uuid.uuid4())
    marker_envelope: EventEnvelope = await service.answer(world, marker)
    await eventually(lambda: processed(service, marker_envelope.event_id))


async def test_every_event_availability_sends_changes_things_once_when_delivered_twice(
    service: RequestsService,
) -> None:
    world = await service.new_world()
    staff = world.scheduler.staff_user_id
    request = await service.submitted(world)
    request_id = request["request_id"]
    hold_id = await service.submitted_hold(request_id)

    await delivered_twice(service, world, hold_placed(request, hold_id))
    await delivered_twice(
        service, world, PendingRequestOverbooked(request_id=request_id, hold_id=hold_id, appointment_id=uuid.uuid4())
    )
    await service.act(request_id, "approve", staff_id=staff)
    await delivered_twice(
        service,
        world,
        BookingRefused(
            request_id=request_id, hold_id=hold_id, reason_code=RefusalReason.CONFLICTS_WITH_CALENDAR, reason="Taken"
        ),
    )
    await service.act(request_id, "approve", staff_id=staff)
    await delivered_twice(
        service,
        world,
        AppointmentBooked(
            appointment_id=uuid.uuid4(),
            request_id=request_id,
            therapist_id=request["therapist_id"],
            location_id=request["location_id"],
            patient_id=request["patient_id"],
            case_id=request["case_id"],
            visit_type_id=request["visit_type_id"],
            start=request["start"],
            end=request["end"],
            booked_by=BookedBy.REQUEST,
        ),
    )
    final = await service.get(request_id)
    assert final["status"] == "approved"
    assert [entry["action"] for entry in final["history"]] == [
        "submitted",
        "hold placed",
        "overbooked",
        "approval started",
        "booking refused",
        "approval started",
        "appointment booked",
    ]
    await service.until_published(
        request_id, "RequestSubmitted", "RequestApprovalStarted", "RequestApprovalStarted", "RequestApproved"
    )

    refused = await service.submitted(world)
    refusal = HoldRefused(
        request_id=refused["request_id"],
        hold_id=await service.submitted_hold(refused["request_id"]),
        reason_code=RefusalReason.WITHIN_MINIMUM_NOTICE,
        reason="Too soon",
    )
    await delivered_twice(service, world, refusal)
    assert [entry["action"] for entry in (await service.get(refused["request_id"]))["history"]] == [
        "submitted",
        "hold refused",
    ]
    await service.until_published(refused["request_id"], "RequestSubmitted", "RequestRefused")
