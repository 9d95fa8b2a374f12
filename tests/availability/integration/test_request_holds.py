"""The request workflow's events, applied by the consumer's use case: holds placed, refused, moved
and released, each at most once."""

from datetime import date, timedelta

from sqlalchemy import select

from clinic_availability.adapters.orm import calendar_items
from tests.availability.integration.conftest import deliver, published, published_types, redeliver, settle
from tests.availability.world import new_world

WEDNESDAY = date(2026, 3, 4)


async def stored_holds(runtime, request_id) -> list[tuple[str, str]]:
    async with runtime.sessions() as session:
        rows = await session.execute(
            select(calendar_items.c.kind, calendar_items.c.status)
            .where(calendar_items.c.request_id == request_id)
            .order_by(calendar_items.c.created_at)
        )
        return [tuple(row) for row in rows]


async def test_a_submitted_request_holds_its_time(runtime, world) -> None:
    request = world.submitted(world.local(WEDNESDAY, 10))
    await deliver(runtime, world, request)

    [placed] = await published(runtime, request.request_id)
    assert placed.event_type == "HoldPlaced"
    assert placed.payload["hold_id"] == str(request.hold_id)
    assert placed.payload["blocking"] is True
    assert placed.clinic_id == world.clinic_id
    assert await stored_holds(runtime, request.request_id) == [("hold", "active")]


async def test_the_answer_carries_the_cause(runtime, world) -> None:
    request = world.submitted(world.local(WEDNESDAY, 10))
    cause = await deliver(runtime, world, request)
    [placed] = await published(runtime, request.request_id)
    assert placed.causation_id == cause.event_id
    assert placed.correlation_id == cause.correlation_id


async def test_a_redelivered_or_repeated_submission_places_nothing_more(runtime, world) -> None:
    request = world.submitted(world.local(WEDNESDAY, 10))
    envelope = await deliver(runtime, world, request)
    await redeliver(runtime, envelope)  # the same event again
    await deliver(runtime, world, request)  # the same hold under a new event id
    assert await published_types(runtime, request.request_id) == ["HoldPlaced"]
    assert await stored_holds(runtime, request.request_id) == [("hold", "active")]


async def test_a_second_request_for_a_blocking_hold_is_refused(runtime, world) -> None:
    first = world.submitted(world.local(WEDNESDAY, 10))
    overlapping = world.submitted(world.local(WEDNESDAY, 10, 30))
    await deliver(runtime, world, first)
    await deliver(runtime, world, overlapping)

    [refused] = await published(runtime, overlapping.request_id)
    assert refused.event_type == "HoldRefused"
    assert refused.payload["reason_code"] == "conflicts-with-calendar"
    assert await stored_holds(runtime, overlapping.request_id) == [("hold", "refused")]


async def test_holds_share_their_time_when_the_clinic_does_not_hold_slots(runtime) -> None:
    world = await settle(runtime, new_world(pending_request_holds_slot=False))
    first = world.submitted(world.local(WEDNESDAY, 10))
    second = world.submitted(world.local(WEDNESDAY, 10))
    await deliver(runtime, world, first)
    await deliver(runtime, world, second)
    for request in (first, second):
        [placed] = await published(runtime, request.request_id)
        assert placed.event_type == "HoldPlaced" and placed.payload["blocking"] is False


async def test_portal_rules_refuse_a_hold(runtime, world) -> None:
    cases = {
        "not-on-slot-grid": world.local(WEDNESDAY, 10, 5),
        "within-minimum-notice": world.local(date(2026, 3, 3), 9),  # Tuesday 09:00, 19 hours ahead
        "beyond-booking-horizon": world.local(date(2026, 5, 6), 10),
        "outside-working-hours": world.local(WEDNESDAY, 8),  # the location is open, the therapist is not in
        "outside-location-hours": world.local(WEDNESDAY, 11, 30),  # runs into lunch
    }
    for reason, start in cases.items():
        request = world.submitted(start)
        await deliver(runtime, world, request)
        [refused] = await published(runtime, request.request_id)
        assert (refused.event_type, refused.payload["reason_code"]) == ("HoldRefused", reason)


async def test_the_visit_types_length_decides(runtime, world) -> None:
    start = world.local(WEDNESDAY, 10)
    request = world.submitted(start, end=start + timedelta(minutes=30))
    await deliver(runtime, world, request)
    [refused] = await published(runtime, request.request_id)
    assert refused.payload["reason_code"] == "wrong-duration"


async def test_a_hold_for_an_unknown_therapist_is_refused(runtime, world) -> None:
    request = world.submitted(world.local(WEDNESDAY, 10), therapist_id=world.patient.patient_id)
    await deliver(runtime, world, request)
    [refused] = await published(runtime, request.request_id)
    assert refused.payload["reason_code"] == "unknown-therapist-or-location"


async def test_an_edit_holds_the_new_time_then_releases_the_old(runtime, world) -> None:
    request = world.submitted(world.local(WEDNESDAY, 10))
    await deliver(runtime, world, request)
    # Half an hour later: overlaps the request's own hold, which does not stand in its way.
    edit = world.edited(request, world.local(WEDNESDAY, 10, 30))
    await deliver(runtime, world, edit)

    events = await published(runtime, request.request_id)
    assert [event.event_type for event in events] == ["HoldPlaced", "HoldPlaced", "HoldReleased"]
    assert events[1].payload["hold_id"] == str(edit.hold_id)
    assert events[2].payload["hold_id"] == str(request.hold_id)
    assert sorted(await stored_holds(runtime, request.request_id)) == [("hold", "active"), ("hold", "released")]


async def test_an_edit_follows_the_schedulers_rules(runtime, world) -> None:
    """Off the grid and inside the minimum notice are fine for a scheduler's edit."""
    request = world.submitted(world.local(WEDNESDAY, 10))
    await deliver(runtime, world, request)
    edit = world.edited(request, world.local(date(2026, 3, 3), 9, 10))
    await deliver(runtime, world, edit)
    assert await published_types(runtime, request.request_id) == ["HoldPlaced", "HoldPlaced", "HoldReleased"]


async def test_a_refused_edit_keeps_the_old_hold(runtime, world) -> None:
    request = world.submitted(world.local(WEDNESDAY, 10))
    other = world.submitted(world.local(WEDNESDAY, 14))
    await deliver(runtime, world, request)
    await deliver(runtime, world, other)
    edit = world.edited(request, world.local(WEDNESDAY, 14, 15))  # onto the other request's blocking hold
    await deliver(runtime, world, edit)

    events = await published(runtime, request.request_id)
    assert [event.event_type for event in events] == ["HoldPlaced", "HoldRefused"]
    assert events[1].payload == {
        **events[1].payload,
        "hold_id": str(edit.hold_id),
        "reason_code": "conflicts-with-calendar",
    }
    assert sorted(await stored_holds(runtime, request.request_id)) == [("hold", "active"), ("hold", "refused")]


async def test_an_ended_request_releases_its_hold_once(runtime, world) -> None:
    # The same time each round: it is held again only because the last round released it.
    for end in (world.declined, world.cancelled, world.expired):
        request = world.submitted(world.local(WEDNESDAY, 10))
        await deliver(runtime, world, request)
        envelope = await deliver(runtime, world, end(request))
        await redeliver(runtime, envelope)
        await deliver(runtime, world, end(request))
        assert await published_types(runtime, request.request_id) == ["HoldPlaced", "HoldReleased"]


async def test_ending_a_refused_request_releases_nothing(runtime, world) -> None:
    request = world.submitted(world.local(WEDNESDAY, 8))
    await deliver(runtime, world, request)
    await deliver(runtime, world, world.cancelled(request))
    assert await published_types(runtime, request.request_id) == ["HoldRefused"]
