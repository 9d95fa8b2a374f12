"""Appointments booked by approving a request or directly by a scheduler, blocks, cancellations;
and no two bookings of one therapist overlapping, whoever writes at the same time."""

import asyncio
import uuid
from datetime import date, timedelta

import pytest

from clinic_availability.domain import CalendarItem, ItemKind
from clinic_availability.service_layer import blocks, bookings
from clinic_availability.service_layer.bookings import BookAppointment, NewAppointment
from clinic_availability.service_layer.errors import CalendarConflict, ItemExists, ItemNotFound, NotBookable
from clinic_availability.service_layer.unit_of_work import unit_of_work
from clinic_contracts.events import AppointmentCancellationStarted
from tests.availability.integration.conftest import NOW, deliver, published, published_types, redeliver, settle
from tests.availability.world import new_world

WEDNESDAY = date(2026, 3, 4)
TUESDAY = date(2026, 3, 3)


def direct(world, start, minutes: int = 45, **changes) -> BookAppointment:
    values = dict(
        therapist_id=world.therapist.therapist_id,
        location_id=world.location.location_id,
        start=start,
        end=start + timedelta(minutes=minutes),
        patient_id=world.patient.patient_id,
        case_id=world.case.case_id,
        visit_type_id=world.visit_type.visit_type_id,
    )
    return BookAppointment(world.staff_id, NewAppointment(**{**values, **changes}))


def block_of(world, start, end) -> blocks.AddBlock:
    asked = blocks.NewBlock(therapist_id=world.therapist.therapist_id, start=start, end=end, title="Team meeting")
    return blocks.AddBlock(world.staff_id, asked)


async def test_approving_books_the_held_time_once(runtime, world) -> None:
    request = world.submitted(world.local(WEDNESDAY, 10))
    await deliver(runtime, world, request)
    approval = await deliver(runtime, world, world.approval_started(request))
    await redeliver(runtime, approval)
    await deliver(runtime, world, world.approval_started(request))  # approved again: books nothing new

    events = await published(runtime, request.request_id)
    assert [event.event_type for event in events] == ["HoldPlaced", "AppointmentBooked"]
    booked = events[1].payload
    assert booked["booked_by"] == "request" and booked["request_id"] == str(request.request_id)
    assert booked["patient_id"] == str(world.patient.patient_id)
    # The hold became the appointment: ending the request now releases nothing.
    await deliver(runtime, world, world.cancelled(request))
    assert await published_types(runtime, request.request_id) == ["HoldPlaced", "AppointmentBooked"]


async def test_approval_over_an_appointment_is_refused_with_what_is_in_the_way(runtime, world) -> None:
    request = world.submitted(world.local(WEDNESDAY, 10))
    await deliver(runtime, world, request)
    booking = await bookings.book_directly(runtime, direct(world, world.local(WEDNESDAY, 10, 30)), NOW)
    await deliver(runtime, world, world.approval_started(request))

    events = await published(runtime, request.request_id)
    assert [event.event_type for event in events] == ["HoldPlaced", "PendingRequestOverbooked", "BookingRefused"]
    refused = events[2].payload
    assert refused["reason_code"] == "conflicts-with-calendar"
    assert refused["conflicting_item_ids"] == [str(booking.appointment.item.item_id)]
    # The hold stays: the request is still pending, and may be approved once the time is free.
    await bookings.cancel_appointment(runtime, booking.appointment.item.item_id, world.staff_id)
    await deliver(runtime, world, world.approval_started(request))
    assert (await published_types(runtime, request.request_id))[-1] == "AppointmentBooked"


async def test_approval_follows_the_schedulers_rules(runtime, world) -> None:
    """Inside the minimum notice, and off the grid after an edit: a scheduler's call."""
    request = world.submitted(world.local(WEDNESDAY, 10))
    await deliver(runtime, world, request)
    edit = world.edited(request, world.local(TUESDAY, 9, 10))
    await deliver(runtime, world, edit)
    await deliver(runtime, world, world.approval_started(edit))
    assert (await published_types(runtime, request.request_id))[-1] == "AppointmentBooked"


async def test_approving_a_time_that_has_passed_is_refused(runtime, world) -> None:
    request = world.submitted(world.local(WEDNESDAY, 10))
    await deliver(runtime, world, request)
    await deliver(runtime, world, world.approval_started(request), now=request.start + timedelta(minutes=1))
    [_, refused] = await published(runtime, request.request_id)
    assert (refused.event_type, refused.payload["reason_code"]) == ("BookingRefused", "within-minimum-notice")


async def test_approval_overbooks_other_pending_requests(runtime) -> None:
    world = await settle(runtime, new_world(pending_request_holds_slot=False))
    first = world.submitted(world.local(WEDNESDAY, 10))
    second = world.submitted(world.local(WEDNESDAY, 10, 15))
    await deliver(runtime, world, first)
    await deliver(runtime, world, second)
    await deliver(runtime, world, world.approval_started(first))

    [booked] = [e for e in await published(runtime, first.request_id) if e.event_type == "AppointmentBooked"]
    [_, overbooked] = await published(runtime, second.request_id)
    assert overbooked.event_type == "PendingRequestOverbooked"
    assert overbooked.payload["hold_id"] == str(second.hold_id)
    assert overbooked.payload["appointment_id"] == booked.payload["appointment_id"]


async def test_a_scheduler_books_over_a_pending_request(runtime, world) -> None:
    request = world.submitted(world.local(WEDNESDAY, 10))
    await deliver(runtime, world, request)
    off_the_grid = direct(world, world.local(WEDNESDAY, 10, 5), minutes=30)
    booking = await bookings.book_directly(runtime, off_the_grid, NOW)

    appointment = booking.appointment.item
    assert booking.created and appointment.kind is ItemKind.APPOINTMENT
    [booked] = await published(runtime, appointment.item_id)
    assert booked.event_type == "AppointmentBooked"
    assert booked.payload["booked_by"] == "scheduler" and booked.payload["request_id"] is None
    [_, overbooked] = await published(runtime, request.request_id)
    assert overbooked.payload == {
        "request_id": str(request.request_id),
        "hold_id": str(request.hold_id),
        "appointment_id": str(appointment.item_id),
    }


async def test_direct_bookings_never_overlap_appointments_or_blocks(runtime, world) -> None:
    first = await bookings.book_directly(runtime, direct(world, world.local(WEDNESDAY, 10)), NOW)
    block = await blocks.add_block(runtime, block_of(world, world.local(WEDNESDAY, 14), world.local(WEDNESDAY, 15)))
    in_the_way = {world.local(WEDNESDAY, 10, 30): first.appointment.item, world.local(WEDNESDAY, 13, 30): block.item}
    for start, item in in_the_way.items():
        with pytest.raises(CalendarConflict) as conflict:
            await bookings.book_directly(runtime, direct(world, start), NOW)
        assert conflict.value.conflicting_item_ids == (item.item_id,)
    # Back to back is fine.
    await bookings.book_directly(runtime, direct(world, world.local(WEDNESDAY, 10, 45)), NOW)


@pytest.mark.parametrize(
    ("day", "hour", "minute", "reason"),
    [
        (WEDNESDAY, 8, 0, "outside-working-hours"),
        (WEDNESDAY, 11, 30, "outside-location-hours"),
        (date(2026, 3, 2), 9, 0, "within-minimum-notice"),  # this morning: the past
        (date(2026, 3, 7), 10, 0, "therapist-not-working-that-day"),  # Saturday: open, the therapist is off
    ],
)
async def test_direct_bookings_keep_to_the_hours(runtime, world, day, hour, minute, reason) -> None:
    with pytest.raises(NotBookable) as refused:
        await bookings.book_directly(runtime, direct(world, world.local(day, hour, minute)), NOW)
    assert refused.value.refusal.value == reason


async def test_a_retried_booking_answers_with_the_first(runtime, world) -> None:
    command = direct(world, world.local(WEDNESDAY, 10), appointment_id=uuid.uuid4())
    first = await bookings.book_directly(runtime, command, NOW)
    again = await bookings.book_directly(runtime, command, NOW)
    assert first.created and not again.created
    assert again.appointment.item.item_id == command.asked.appointment_id
    assert await published_types(runtime, command.asked.appointment_id) == ["AppointmentBooked"]
    with pytest.raises(ItemExists):
        elsewhen = direct(world, world.local(WEDNESDAY, 13), appointment_id=command.asked.appointment_id)
        await bookings.book_directly(runtime, elsewhen, NOW)


async def test_cancelling_frees_the_time_once(runtime, world) -> None:
    booking = await bookings.book_directly(runtime, direct(world, world.local(WEDNESDAY, 10)), NOW)
    appointment_id = booking.appointment.item.item_id
    cancelled = await bookings.cancel_appointment(runtime, appointment_id, world.staff_id)
    await bookings.cancel_appointment(runtime, appointment_id, world.staff_id)
    assert cancelled.item.status.value == "cancelled"
    assert await published_types(runtime, appointment_id) == ["AppointmentBooked", "AppointmentCancelled"]
    [*_, event] = await published(runtime, appointment_id)
    assert (event.payload["cancelled_by"], event.payload["cancelled_by_id"]) == ("staff", str(world.staff_id))
    await bookings.book_directly(runtime, direct(world, world.local(WEDNESDAY, 10)), NOW)
    with pytest.raises(ItemNotFound):
        await bookings.cancel_appointment(runtime, uuid.uuid4(), world.staff_id)


async def test_a_portal_users_cancellation_frees_the_requests_appointment_once_saying_who(runtime, world) -> None:
    request = world.submitted(world.local(WEDNESDAY, 10))
    await deliver(runtime, world, request)
    await deliver(runtime, world, world.approval_started(request))
    [_, booked] = await published(runtime, request.request_id)
    appointment_id = uuid.UUID(booked.payload["appointment_id"])
    portal_user = uuid.uuid4()
    # Another request's appointment is not this request's to cancel.
    await deliver(
        runtime,
        world,
        AppointmentCancellationStarted(
            request_id=uuid.uuid4(), appointment_id=appointment_id, portal_user_id=portal_user
        ),
    )
    started = AppointmentCancellationStarted(
        request_id=request.request_id, appointment_id=appointment_id, portal_user_id=portal_user
    )
    await redeliver(runtime, await deliver(runtime, world, started))
    await deliver(runtime, world, started)  # asked again under a new event id: already cancelled

    events = await published(runtime, request.request_id)
    assert [event.event_type for event in events] == ["HoldPlaced", "AppointmentBooked", "AppointmentCancelled"]
    cancelled = events[2].payload
    assert (cancelled["cancelled_by"], cancelled["cancelled_by_id"]) == ("portal", str(portal_user))
    assert cancelled["cancelled_at"] is not None
    assert (await bookings.appointment(runtime, appointment_id)).item.status.value == "cancelled"


async def test_blocks_stay_off_appointments_and_come_off_again(runtime, world) -> None:
    await bookings.book_directly(runtime, direct(world, world.local(WEDNESDAY, 10)), NOW)
    with pytest.raises(CalendarConflict):
        await blocks.add_block(runtime, block_of(world, world.local(WEDNESDAY, 9), world.local(WEDNESDAY, 11)))
    # Outside working hours is fine: nothing is offered there anyway.
    block = await blocks.add_block(runtime, block_of(world, world.local(WEDNESDAY, 17), world.local(WEDNESDAY, 19)))
    await blocks.remove_block(runtime, block.item.item_id)
    with pytest.raises(ItemNotFound):
        await blocks.remove_block(runtime, block.item.item_id)


async def test_many_concurrent_bookings_of_one_time_book_exactly_one(runtime, world) -> None:
    """PostgreSQL: the calendar lock serialises them; SQLite: BEGIN IMMEDIATE does."""
    attempts = [
        bookings.book_directly(runtime, direct(world, world.local(WEDNESDAY, 10, minute)), NOW)
        for minute in range(0, 40, 2)
    ]
    results = await asyncio.gather(*attempts, return_exceptions=True)
    booked = [result for result in results if not isinstance(result, Exception)]
    conflicts = [result for result in results if isinstance(result, CalendarConflict)]
    assert len(booked) == 1 and len(conflicts) == 19, results


@pytest.mark.postgres
async def test_the_database_refuses_overlaps_the_checks_did_not_see(postgres_runtime) -> None:
    """Writers that skip both the lock and the check (a bug, a script) still cannot overlap two
    appointments or blocks, nor two blocking holds, on PostgreSQL. (SQLite has no such constraint;
    there the writers are serialised instead.)"""
    runtime = postgres_runtime
    world = await settle(runtime, new_world())

    def item(kind: ItemKind, minute: int, **changes) -> CalendarItem:
        start = world.local(WEDNESDAY, 10, minute)
        return CalendarItem(
            item_id=uuid.uuid4(),
            clinic_id=world.clinic_id,
            kind=kind,
            therapist_id=world.therapist.therapist_id,
            start=start,
            end=start + timedelta(minutes=45),
            **changes,
        )

    async def insert(new: CalendarItem) -> CalendarItem:
        async with unit_of_work(runtime) as uow:
            await uow.calendar.add(new)
        return new

    results = await asyncio.gather(
        *(insert(item(ItemKind.APPOINTMENT if n % 2 else ItemKind.BLOCK, n)) for n in range(20)),
        return_exceptions=True,
    )
    assert sum(not isinstance(result, Exception) for result in results) == 1
    assert all(isinstance(result, CalendarConflict) for result in results if isinstance(result, Exception))

    await insert(item(ItemKind.HOLD, 0, request_id=uuid.uuid4()))
    await insert(item(ItemKind.HOLD, 15, request_id=uuid.uuid4(), blocking=False))  # shown, not blocking
    with pytest.raises(CalendarConflict):
        await insert(item(ItemKind.HOLD, 30, request_id=uuid.uuid4()))


async def test_the_loser_of_a_deadlock_between_two_writers_is_told_the_slot_is_taken(postgres_runtime) -> None:
    """Two writers each hold a row on one therapist's calendar and then write an overlapping row on
    the other's: each waits for the other, and PostgreSQL rolls one back with deadlock_detected
    (40P01) rather than exclusion_violation. That loser gets the conflict's answer, not an error."""
    runtime = postgres_runtime
    world = await settle(runtime, new_world())
    first, second = world.therapist.therapist_id, uuid.uuid4()
    start = world.local(WEDNESDAY, 11, 0)
    both_hold_one = asyncio.Barrier(2)

    def appointment(therapist_id: uuid.UUID) -> CalendarItem:
        return CalendarItem(
            item_id=uuid.uuid4(),
            clinic_id=world.clinic_id,
            kind=ItemKind.APPOINTMENT,
            therapist_id=therapist_id,
            start=start,
            end=start + timedelta(minutes=45),
        )

    async def write(one: uuid.UUID, then_other: uuid.UUID) -> None:
        async with unit_of_work(runtime) as uow:
            await uow.calendar.add(appointment(one))
            await both_hold_one.wait()
            await uow.calendar.add(appointment(then_other))

    results = await asyncio.gather(write(first, second), write(second, first), return_exceptions=True)
    assert sorted(type(result).__name__ for result in results) == ["CalendarConflict", "NoneType"], results
    cause = next(result for result in results if result is not None).__cause__
    assert cause.orig.sqlstate == "40P01"  # a deadlock indeed, not an exclusion violation
