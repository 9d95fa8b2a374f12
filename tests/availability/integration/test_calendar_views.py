"""Calendars as schedulers see them, and the snapshot around a requested time."""

from datetime import date, timedelta

import pytest

from clinic_availability.service_layer import blocks, bookings, calendar_views
from clinic_availability.service_layer.errors import InvalidRequest
from tests.availability.integration.conftest import NOW, deliver, settle
from tests.availability.integration.test_bookings import block_of, direct
from tests.availability.world import new_world

WEDNESDAY = date(2026, 3, 4)


def described(view) -> list[tuple]:
    """(kind, local start, blocking) of each item."""
    return [
        (entry.item.kind.value, entry.item.start.astimezone(entry.zone).strftime("%H:%M"), entry.item.blocking)
        for entry in view.entries
    ]


async def test_a_therapists_day_shows_every_kind_of_item(runtime, world) -> None:
    await bookings.book_directly(runtime, direct(world, world.local(WEDNESDAY, 9)), NOW)
    await blocks.add_block(runtime, block_of(world, world.local(WEDNESDAY, 13), world.local(WEDNESDAY, 14)))
    request = world.submitted(world.local(WEDNESDAY, 10, 30))
    await deliver(runtime, world, request)
    await deliver(runtime, world, world.submitted(world.local(date(2026, 3, 5), 10)))  # the next day

    view = await calendar_views.calendar(runtime, WEDNESDAY, WEDNESDAY, therapist_ids=[world.therapist.therapist_id])
    assert described(view) == [("appointment", "09:00", True), ("hold", "10:30", True), ("block", "13:00", True)]
    assert view.zone.key == "America/New_York"
    assert view.entries[1].item.request_id == request.request_id


async def test_pending_requests_that_share_their_time_are_not_blocking(runtime) -> None:
    world = await settle(runtime, new_world(pending_request_holds_slot=False))
    await deliver(runtime, world, world.submitted(world.local(WEDNESDAY, 10)))
    view = await calendar_views.calendar(runtime, WEDNESDAY, WEDNESDAY, location_id=world.location.location_id)
    assert described(view) == [("hold", "10:00", False)]


async def test_a_location_shows_everyone_who_works_there(runtime, world) -> None:
    await blocks.add_block(runtime, block_of(world, world.local(WEDNESDAY, 7), world.local(WEDNESDAY, 8)))
    view = await calendar_views.calendar(runtime, WEDNESDAY, date(2026, 3, 10), location_id=world.location.location_id)
    # A block at no location, of a therapist who works there.
    assert described(view) == [("block", "07:00", True)]
    assert view.end - view.start == timedelta(days=7, hours=-1)  # the clocks go forward on the 8th


async def test_the_snapshot_marks_what_overlaps_the_requested_time(runtime, world) -> None:
    request = world.submitted(world.local(WEDNESDAY, 10))
    await deliver(runtime, world, request)
    booked = await bookings.book_directly(runtime, direct(world, world.local(WEDNESDAY, 10, 30)), NOW)
    await bookings.book_directly(runtime, direct(world, world.local(WEDNESDAY, 15)), NOW)

    view = await calendar_views.snapshot(
        runtime,
        world.therapist.therapist_id,
        world.location.location_id,
        request.start,
        request.end,
        request_id=request.request_id,
    )
    marks = [(entry.item.item_id, entry.overlaps_requested_time, entry.requested) for entry in view.entries]
    assert marks[:2] == [(request.hold_id, False, True), (booked.appointment.item.item_id, True, False)]
    assert marks[2][1:] == (False, False)

    narrow = await calendar_views.snapshot(
        runtime, world.therapist.therapist_id, world.location.location_id, request.start, request.end, hours_around=2
    )
    assert [entry.overlaps_requested_time for entry in narrow.entries] == [True, True]


async def test_a_calendar_names_whose(runtime, world) -> None:
    with pytest.raises(InvalidRequest):
        await calendar_views.calendar(runtime, WEDNESDAY, WEDNESDAY)
