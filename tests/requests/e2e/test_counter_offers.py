"""A scheduler offers other times; availability holds them for real; the portal user accepts one,
declines them all, or lets the offer expire (the background sweep, EXPIRY_SWEEP_SECONDS=1)."""

import json
import uuid
from datetime import datetime, timedelta

import pytest

from tests.requests.e2e.conftest import RequestsService, before_hours, jsonable, make_offer_due, moment

pytestmark = [pytest.mark.kafka, pytest.mark.postgres]

# A request's events up to the clinic's offer of other times, held for the family.
OFFERED = ("RequestSubmitted", "RequestPending", "RequestCounterOffered", "CounterOfferHeld")


async def offer(service: RequestsService, request_id: str, staff_id, *starts: datetime, wait_seconds: float = 8):
    body = {"times": [{"start": start.isoformat()} for start in starts]}
    return await service.http.post(
        f"/requests/{request_id}/offer",
        json=body,
        params={"wait_seconds": wait_seconds},
        auth=service.as_staff(staff_id),
    )


async def answer(service: RequestsService, request_id: str, portal_user_id, action: str, **body):
    return await service.http.post(
        f"/requests/{request_id}/offer/{action}",
        json=jsonable(body) if body else None,
        params={"wait_seconds": 8} if action == "accept" else {},
        auth=service.as_portal_user(portal_user_id),
    )


async def offered_three(service: RequestsService):
    world = await service.new_world()
    days = await service.mornings(world)
    request = await service.pending(world, days[0])
    request_id = request["request_id"]
    asked_hold = await service.hold_of(request_id)
    response = await offer(service, request_id, world.scheduler.staff_user_id, days[1], days[2], days[3])
    assert response.status_code == 200, response.text
    offered = await service.until_status(request_id, "offered")
    return world, days, offered, asked_hold


async def active_holds(service: RequestsService, world, days: list[datetime], request_id: str) -> dict[str, dict]:
    items = [item for day in days for item in await service.calendar(world, day)]
    return {
        item["item_id"]: item
        for item in items
        if item["request_id"] == request_id and item["kind"] == "pending_request"
    }


async def test_three_times_offered_one_accepted_books_exactly_one_appointment_and_frees_the_rest(
    service: RequestsService,
) -> None:
    world, days, offered, asked_hold = await offered_three(service)
    request_id = offered["request_id"]
    times = offered["counter_offer"]["times"]
    assert [time["state"] for time in times] == ["held", "held", "held"]
    assert [moment(time["start"]) for time in times] == days[1:4]
    # The asked-for time was released once an offered one was held; the three offered are held.
    holds = await active_holds(service, world, days[:4], request_id)
    assert set(holds) == {time["hold_id"] for time in times}
    assert asked_hold not in holds

    chosen = times[1]
    accepted = await answer(service, request_id, world.portal_user.portal_user_id, "accept", hold_id=chosen["hold_id"])
    assert accepted.status_code == 200, accepted.text
    approved = await service.until_status(request_id, "approved")
    assert moment(approved["start"]) == days[2]
    assert approved["counter_offer"]["outcome"] == "accepted"
    assert [time["state"] for time in approved["counter_offer"]["times"]] == ["released", "accepted", "released"]

    items = [
        item for day in days[:4] for item in await service.calendar(world, day) if item["request_id"] == request_id
    ]
    [appointment] = [item for item in items if item["kind"] == "appointment"]
    assert (appointment["item_id"], moment(appointment["start"])) == (approved["appointment_id"], days[2])
    assert [item for item in items if item["kind"] == "pending_request"] == []
    await service.until_requestable(world, days[1])
    await service.until_requestable(world, days[3])

    actions = [entry["action"] for entry in approved["history"]]
    assert actions == [
        "submitted",
        "hold placed",
        "other times offered",
        "offered time held",
        "offered time held",
        "offered time held",
        "offer sent",
        "offered time accepted",
        "appointment booked",
    ]
    await service.until_published(
        request_id,
        *OFFERED,
        "CounterOfferAccepted",
        "RequestApprovalStarted",
        "RequestApproved",
    )
    again = await answer(service, request_id, world.portal_user.portal_user_id, "accept", hold_id=times[0]["hold_id"])
    assert again.status_code == 409 and again.json()["code"] == "no-open-offer"


async def test_declining_all_ends_the_request_and_releases_every_offered_hold(service: RequestsService) -> None:
    world, days, offered, _ = await offered_three(service)
    request_id = offered["request_id"]
    someone_else = await answer(service, request_id, uuid.uuid4(), "decline")
    assert someone_else.status_code in (403, 404), someone_else.text

    declined = await answer(service, request_id, world.portal_user.portal_user_id, "decline")
    assert declined.status_code == 200, declined.text
    assert declined.json()["status"] == "offer-declined"
    await service.until_published(
        request_id,
        *OFFERED,
        "CounterOfferDeclined",
    )
    for day in days[:4]:
        await service.until_requestable(world, day)
    assert await active_holds(service, world, days[:4], request_id) == {}


async def test_an_unanswered_offer_expires_and_frees_its_times(service: RequestsService) -> None:
    world, days, offered, _ = await offered_three(service)
    request_id = offered["request_id"]
    await make_offer_due(service, request_id)
    expired = await service.until_status(request_id, "expired")
    assert expired["expiry"]["code"] == "offer-not-answered-in-time", expired
    assert expired["counter_offer"]["outcome"] == "expired"
    assert expired["history"][-1]["actor_kind"] == "expiry"
    [*_, event] = await service.until_published(
        request_id,
        *OFFERED,
        "CounterOfferExpired",
    )
    assert set(event.payload["released_hold_ids"]) == {time["hold_id"] for time in offered["counter_offer"]["times"]}
    for day in days[1:4]:
        await service.until_requestable(world, day)
    assert await active_holds(service, world, days[:4], request_id) == {}


async def test_a_refused_offered_time_is_left_out_and_all_refused_keeps_the_requested_time(
    service: RequestsService,
) -> None:
    world = await service.new_world()
    days = await service.mornings(world)
    staff, portal_user = world.scheduler.staff_user_id, world.portal_user.portal_user_id
    request = await service.pending(world, days[0])
    request_id = request["request_id"]
    asked_hold = await service.hold_of(request_id)

    # 08:00: the location is open, the therapist not at work yet; the calendar refuses it.
    response = await offer(service, request_id, staff, before_hours(days[1]), before_hours(days[2]))
    assert response.status_code == 200, response.text
    kept = await service.until(request_id, lambda r: r["status"] == "pending" and r["counter_offer"]["outcome"])
    assert kept["counter_offer"]["outcome"] == "none-held"
    assert [time["refusal"]["code"] for time in kept["counter_offer"]["times"]] == ["outside-working-hours"] * 2
    assert kept["history"][-1]["action"] == "offer not held"
    assert asked_hold in await active_holds(service, world, days[:1], request_id)

    response = await offer(service, request_id, staff, before_hours(days[3]), days[4])
    assert response.status_code == 200, response.text
    offered = await service.until_status(request_id, "offered")
    refused, held = offered["counter_offer"]["times"]
    assert (refused["state"], held["state"]) == ("refused", "held")
    [*_, announced] = await service.until_published(
        request_id,
        "RequestSubmitted",
        "RequestPending",
        "RequestCounterOffered",
        "RequestCounterOffered",
        "CounterOfferHeld",
    )
    assert [time["hold_id"] for time in announced.payload["offered_times"]] == [held["hold_id"]]
    refused_answer = await answer(service, request_id, portal_user, "accept", hold_id=refused["hold_id"])
    assert refused_answer.status_code == 409 and refused_answer.json()["code"] == "not-an-offered-time"
    assert await answer(service, request_id, portal_user, "decline") is not None
    await service.until_status(request_id, "offer-declined")
    assert json.dumps(offered["counter_offer"])  # the document is plain JSON all through


async def test_an_offer_needs_one_to_three_times(service: RequestsService) -> None:
    world = await service.new_world()
    days = await service.mornings(world)
    request = await service.pending(world, days[0])
    response = await offer(service, request["request_id"], world.scheduler.staff_user_id, *days[1:5], wait_seconds=0)
    assert response.status_code == 422 and response.json()["code"] == "offer-needs-one-to-three-times"
    response = await offer(service, request["request_id"], world.scheduler.staff_user_id, wait_seconds=0)
    assert response.status_code == 422 and response.json()["code"] == "offer-needs-one-to-three-times"


async def test_an_offered_time_overlapping_the_requested_one_is_held_as_the_requested_is_released(
    service: RequestsService,
) -> None:
    world = await service.new_world()
    days = await service.mornings(world)
    request = await service.pending(world, days[0])
    request_id = request["request_id"]
    asked_hold = await service.hold_of(request_id)
    response = await offer(service, request_id, world.scheduler.staff_user_id, days[0] + timedelta(minutes=15))
    assert response.status_code == 200, response.text
    offered = await service.until_status(request_id, "offered")
    [held] = offered["counter_offer"]["times"]
    assert set(await active_holds(service, world, days[:1], request_id)) == {held["hold_id"]} != {asked_hold}
    declined = await answer(service, request_id, world.portal_user.portal_user_id, "decline")
    assert declined.status_code == 200, declined.text
    await service.until_requestable(world, days[0])
