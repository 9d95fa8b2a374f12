"""The protocol with the request workflow, through the real broker: request events in, holds and
bookings out on the calendar topic; every consumed event delivered twice changes nothing."""

import asyncio
from datetime import UTC, datetime, timedelta

import pytest

from clinic_contracts import EventEnvelope
from tests.availability.e2e.conftest import AvailabilityService
from tests.availability.world import new_world, next_weekday
from tests.kafka_tools import eventually

pytestmark = [pytest.mark.kafka, pytest.mark.postgres]


def next_wednesday(world) -> datetime:
    return world.local(next_weekday(datetime.now(UTC).astimezone(world.zone).date() + timedelta(days=2), 2), 10)


async def twice(availability: AvailabilityService, world, event) -> None:
    """Published, then delivered again, exactly as a broker redelivers."""
    envelope = await availability.publish(world, event)
    await availability.redeliver(envelope)


async def only_answer(availability: AvailabilityService, request_id) -> EventEnvelope:
    async def answered() -> list[EventEnvelope]:
        return await availability.answers(request_id)

    [answer] = await eventually(answered, timeout=30, interval=0.3)
    return answer


async def test_two_requests_for_one_slot_hold_it_once(availability: AvailabilityService) -> None:
    world = await availability.settle(new_world())
    start = next_wednesday(world)
    first, second = world.submitted(start), world.submitted(start)
    await asyncio.gather(availability.publish(world, first), availability.publish(world, second))

    answers = [await only_answer(availability, request.request_id) for request in (first, second)]
    outcomes = sorted((answer.event_type, answer.payload.get("reason_code")) for answer in answers)
    assert outcomes == [("HoldPlaced", None), ("HoldRefused", "conflicts-with-calendar")]


async def test_a_requests_whole_life_with_every_event_delivered_twice(availability: AvailabilityService) -> None:
    world = await availability.settle(new_world())
    start = next_wednesday(world)

    request = world.submitted(start)
    await twice(availability, world, request)
    edit = world.edited(request, start + timedelta(minutes=30))
    await twice(availability, world, edit)
    await twice(availability, world, world.approval_started(edit))
    await availability.consumed_up_to(world, request.request_id)

    placed, moved, released, booked = await availability.until_answers(
        request.request_id, "HoldPlaced", "HoldPlaced", "HoldReleased", "AppointmentBooked"
    )
    assert placed.payload["hold_id"] == released.payload["hold_id"] == str(request.hold_id)
    assert moved.payload["hold_id"] == str(edit.hold_id)
    assert booked.payload["booked_by"] == "request"
    assert datetime.fromisoformat(booked.payload["start"]) == edit.start

    for end in (world.declined, world.cancelled, world.expired):
        other = world.submitted(start + timedelta(hours=3))  # the same time each round: released each round
        await twice(availability, world, other)
        await twice(availability, world, end(other))
        await availability.consumed_up_to(world, other.request_id)
        await availability.until_answers(other.request_id, "HoldPlaced", "HoldReleased")


async def test_a_scheduler_booking_over_a_pending_request_overbooks_it(availability: AvailabilityService) -> None:
    world = await availability.settle(new_world())
    request = world.submitted(next_wednesday(world))
    await availability.publish(world, request)
    await availability.until_answers(request.request_id, "HoldPlaced")

    appointment = await availability.ok(
        "POST",
        "/appointments",
        {
            "therapist_id": str(world.therapist.therapist_id),
            "location_id": str(world.location.location_id),
            "start": (request.start + timedelta(minutes=15)).isoformat(),
            "end": (request.start + timedelta(minutes=45)).isoformat(),
        },
        status=201,
    )
    [booked] = await availability.until_answers(appointment["appointment_id"], "AppointmentBooked")
    assert booked.payload["booked_by"] == "scheduler"
    _, overbooked = await availability.until_answers(request.request_id, "HoldPlaced", "PendingRequestOverbooked")
    assert overbooked.payload["appointment_id"] == appointment["appointment_id"]

    await twice(availability, world, world.approval_started(request))
    await availability.consumed_up_to(world, request.request_id)
    *_, refused = await availability.until_answers(
        request.request_id, "HoldPlaced", "PendingRequestOverbooked", "BookingRefused"
    )
    assert refused.payload["conflicting_item_ids"] == [appointment["appointment_id"]]
