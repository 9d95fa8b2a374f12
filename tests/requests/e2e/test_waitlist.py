"""The waitlist among the real services: families join a case's waitlist, a scheduler frees times
in availability's calendar, and the request service offers each to the next family in line as a
short hold that availability really places (the expiry sweep runs every second)."""

import uuid
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import httpx
import pytest

from clinic_contracts.events import WaitlistOrder
from tests.kafka_tools import eventually
from tests.requests.clinic_world import POLICY
from tests.requests.e2e.conftest import ANSWER_TIMEOUT, ZONE, RequestsService, make_offer_due, moment, query

pytestmark = [pytest.mark.kafka, pytest.mark.postgres]


async def join(service: RequestsService, portal_user_id, case_id, **changes) -> dict:
    today = datetime.now(UTC).astimezone(ZoneInfo(ZONE)).date()
    body = {
        "case_id": str(case_id),
        "weekdays": [1, 2, 3, 4, 5],
        "parts_of_day": ["morning", "afternoon"],
        "first_day": today.isoformat(),
        "last_day": (today + timedelta(days=20)).isoformat(),
        **changes,
    }
    response = await service.http.post("/waitlist", json=body, auth=service.as_portal_user(portal_user_id))
    assert response.status_code == 201, response.text
    return response.json()


async def offers(service: RequestsService, entry_ids: list[str]) -> list[dict]:
    rows = await query(
        service.database_urls["requests"],
        "SELECT request_id, waitlist_entry_id, status, start FROM appointment_requests"
        " WHERE waitlist_entry_id = ANY($1::uuid[]) ORDER BY submitted_at",
        [uuid.UUID(entry_id) for entry_id in entry_ids],
    )
    return [
        {**row, "request_id": str(row["request_id"]), "waitlist_entry_id": str(row["waitlist_entry_id"])}
        for row in rows
    ]


async def until_offers(service: RequestsService, entry_ids: list[str], count: int) -> list[dict]:
    async def made() -> list[dict] | None:
        found = await offers(service, entry_ids)
        return found if len(found) == count else None

    return await eventually(made, timeout=ANSWER_TIMEOUT, interval=0.2)


async def cancel(service: RequestsService, world, appointment_id: str) -> None:
    auth = service.as_staff(world.scheduler.staff_user_id, "availability")
    response = await service.availability.post(f"/appointments/{appointment_id}/cancel", auth=auth)
    assert response.status_code == 200, response.text


async def until_emailed(service: RequestsService, clinic_id, request_id: str, *kinds: str) -> None:
    """The notifications service stored an email of each kind about the request (sending is the
    notifications tests' business)."""
    async with httpx.AsyncClient(
        base_url=service.stack.url("notifications"), auth=service.stack.operator_auth("notifications"), timeout=30
    ) as notifications:

        async def stored() -> bool:
            answer = await notifications.get(f"/clinics/{clinic_id}/emails", params={"request_id": request_id})
            assert answer.status_code == 200, answer.text
            found = {item["kind"] for item in answer.json()["items"]}
            assert set(kinds) <= found, found
            return True

        await eventually(stored, timeout=ANSWER_TIMEOUT, interval=0.3)


async def test_two_times_freed_at_once_go_to_two_families_in_line_then_on_to_the_third(
    service: RequestsService,
) -> None:
    world = await service.new_world()
    days = await service.mornings(world)
    booked = [await service.book_directly(world, start) for start in days[:2]]
    second, third = await service.another_family(world), await service.another_family(world)
    families = [
        (world.portal_user.portal_user_id, world.case.case_id, world.patient.patient_id),
        (second.portal_user.portal_user_id, second.case.case_id, second.patient.patient_id),
        (third.portal_user.portal_user_id, third.case.case_id, third.patient.patient_id),
    ]
    entries = [await join(service, portal_user, case) for portal_user, case, _ in families]
    entry_ids = [entry["entry_id"] for entry in entries]
    again = await service.http.post(
        "/waitlist",
        json={
            "case_id": str(world.case.case_id),
            "weekdays": [1],
            "parts_of_day": ["morning"],
            "first_day": entries[0]["first_day"],
            "last_day": entries[0]["last_day"],
        },
        auth=service.as_portal_user(world.portal_user.portal_user_id),
    )
    assert again.status_code == 409 and again.json()["code"] == "already-on-waitlist", again.text

    # Both times freed at once: each goes to one family, no family gets two, the third waits.
    for appointment in booked:
        await cancel(service, world, appointment["appointment_id"])
    made = await until_offers(service, entry_ids, 2)
    assert {offer["waitlist_entry_id"] for offer in made} == set(entry_ids[:2])
    assert sorted(offer["start"] for offer in made) == days[:2]
    by_entry = {offer["waitlist_entry_id"]: offer for offer in made}
    first_offer = await service.until_status(by_entry[entry_ids[0]]["request_id"], "offered")
    second_offer = await service.until_status(by_entry[entry_ids[1]]["request_id"], "offered")
    [held] = first_offer["counter_offer"]["times"]
    assert held["state"] == "held" and first_offer["waitlist_entry_id"] == entry_ids[0]
    assert [entry["action"] for entry in first_offer["history"]] == [
        "offered from the waitlist",
        "offered time held",
        "offer sent",
    ]
    assert first_offer["history"][0]["actor_kind"] == "waitlist"
    await service.until_published(first_offer["request_id"], "RequestCounterOffered", "CounterOfferHeld")

    # Redelivered, the freeing events offer nothing more.
    for appointment in booked:
        for record in await service.answers(appointment["appointment_id"]):
            await service.until_consumed(await service.redeliver(record))
    assert len(await offers(service, entry_ids)) == 2

    # The first family lets theirs lapse: the time goes to the third (the second has one open).
    await make_offer_due(service, first_offer["request_id"])
    lapsed = await service.until_status(first_offer["request_id"], "expired")
    assert lapsed["expiry"]["code"] == "offer-not-answered-in-time"
    # The family heard of the time, and then that it was passed on.
    await until_emailed(
        service, world.clinic_id, first_offer["request_id"], "waitlist-time-offered", "waitlist-offer-lapsed"
    )
    made = await until_offers(service, entry_ids, 3)
    [passed_on] = [offer for offer in made if offer["waitlist_entry_id"] == entry_ids[2]]
    assert passed_on["start"] == moment(first_offer["start"]).astimezone(UTC)
    await service.until_status(passed_on["request_id"], "offered")

    # The second family accepts: exactly one appointment, and they leave the waitlist.
    accepted = await service.http.post(
        f"/requests/{second_offer['request_id']}/offer/accept",
        json={"hold_id": second_offer["counter_offer"]["times"][0]["hold_id"]},
        params={"wait_seconds": 8},
        auth=service.as_portal_user(second.portal_user.portal_user_id),
    )
    assert accepted.status_code == 200, accepted.text
    approved = await service.until_status(second_offer["request_id"], "approved")
    items = [item for item in await service.calendar(world, days[1]) if item["request_id"] == approved["request_id"]]
    assert [item["kind"] for item in items] == ["appointment"]
    assert items[0]["item_id"] == approved["appointment_id"]
    listed = await service.http.get("/waitlist", auth=service.as_portal_user(second.portal_user.portal_user_id))
    assert listed.status_code == 200, listed.text
    assert listed.json()["items"] == []
    waiting = await service.http.get("/waitlist", auth=service.as_staff(world.scheduler.staff_user_id))
    assert [entry["entry_id"] for entry in waiting.json()["items"]] == [entry_ids[0], entry_ids[2]]
    assert len(await offers(service, entry_ids)) == 3


async def test_a_family_leaves_the_waitlist_and_a_freed_time_outside_their_windows_is_not_offered(
    service: RequestsService,
) -> None:
    world = await service.new_world()
    days = await service.mornings(world)
    appointment = await service.book_directly(world, days[0])
    portal_user = world.portal_user.portal_user_id
    evening_only = await join(service, portal_user, world.case.case_id, parts_of_day=["evening"])
    stranger = (await service.another_family(world)).portal_user.portal_user_id
    other = await service.http.post(
        f"/waitlist/{evening_only['entry_id']}/leave", auth=service.as_portal_user(stranger)
    )
    assert other.status_code == 404 and other.json()["code"] == "waitlist-entry-not-found", other.text

    await cancel(service, world, appointment["appointment_id"])
    await service.until_requestable(world, days[0])
    for record in await service.answers(appointment["appointment_id"]):
        await service.until_consumed(await service.redeliver(record))
    assert await offers(service, [evening_only["entry_id"]]) == []

    left = await service.http.post(
        f"/waitlist/{evening_only['entry_id']}/leave", auth=service.as_portal_user(portal_user)
    )
    assert left.status_code == 200 and left.json()["status"] == "left", left.text
    again = await service.http.post(
        f"/waitlist/{evening_only['entry_id']}/leave", auth=service.as_portal_user(portal_user)
    )
    assert again.status_code == 200 and again.json()["status"] == "left", again.text


async def test_by_priority_the_highest_goes_first_and_a_declined_time_goes_to_the_next(
    service: RequestsService,
) -> None:
    world = await service.new_world(POLICY.model_copy(update={"waitlist_order": WaitlistOrder.PRIORITY}))
    days = await service.mornings(world)
    appointment = await service.book_directly(world, days[0])
    second, third = await service.another_family(world), await service.another_family(world)
    first_entry = await join(service, world.portal_user.portal_user_id, world.case.case_id)
    second_entry = await join(service, second.portal_user.portal_user_id, second.case.case_id)
    scheduler = service.as_staff(world.scheduler.staff_user_id)
    # The scheduler puts the third family on the waitlist on their behalf, at priority 1.
    on_behalf = await service.http.post(
        "/waitlist",
        json={
            "case_id": str(third.case.case_id),
            "portal_user_id": str(third.portal_user.portal_user_id),
            "priority": 1,
            "weekdays": [1, 2, 3, 4, 5],
            "parts_of_day": ["morning"],
            "first_day": first_entry["first_day"],
            "last_day": first_entry["last_day"],
        },
        auth=scheduler,
    )
    assert on_behalf.status_code == 201, on_behalf.text
    third_entry = on_behalf.json()
    raised = await service.http.put(
        f"/waitlist/{second_entry['entry_id']}/priority", json={"priority": 5}, auth=scheduler
    )
    assert raised.status_code == 200 and raised.json()["priority"] == 5, raised.text
    line = await service.http.get("/waitlist", auth=scheduler)
    assert line.json()["order"] == "priority"
    entry_ids = [entry["entry_id"] for entry in line.json()["items"]]
    assert entry_ids == [second_entry["entry_id"], third_entry["entry_id"], first_entry["entry_id"]]

    await cancel(service, world, appointment["appointment_id"])
    [offered] = await until_offers(service, entry_ids, 1)
    assert offered["waitlist_entry_id"] == second_entry["entry_id"]
    await service.until_status(offered["request_id"], "offered")
    declined = await service.http.post(
        f"/requests/{offered['request_id']}/offer/decline",
        auth=service.as_portal_user(second.portal_user.portal_user_id),
    )
    assert declined.status_code == 200 and declined.json()["status"] == "offer-declined", declined.text

    made = await until_offers(service, entry_ids, 2)
    assert made[-1]["waitlist_entry_id"] == third_entry["entry_id"] and made[-1]["start"] == days[0]
    await service.until_status(made[-1]["request_id"], "offered")
    # The second family declined that time, not the waitlist: they are still waiting.
    still = await service.http.get("/waitlist", auth=scheduler)
    assert second_entry["entry_id"] in [entry["entry_id"] for entry in still.json()["items"]]
