"""Preferred times through the gateway, the services and the real broker: a caregiver asks for
"Tuesday or Thursday mornings over three weeks"; nothing is held; the scheduler sees exactly the
free slots inside the windows, books one (exactly one appointment), or offers another time, or
declines; the caregiver may withdraw; the expiry sweep ends one left unreviewed."""

import asyncio
import uuid
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from clinic_settings import demo_data as demo
from tests.gateway.gateway_api import DANA, LILY, LILY_CASE, book_theo, make_room, slots, submission, wait_for
from tests.requests.e2e.conftest import query

pytestmark = [pytest.mark.kafka, pytest.mark.postgres, pytest.mark.usefixtures("lilys_case_open")]

NEW_YORK = ZoneInfo("America/New_York")  # Downtown's zone
TUESDAY, THURSDAY = 1, 3


def three_weeks(caregiver) -> tuple[date, date]:
    """Room on Lily's case, and three weeks from three days on."""
    make_room(caregiver, LILY_CASE)
    first = datetime.now(NEW_YORK).date() + timedelta(days=3)
    return first, first + timedelta(days=20)


def windows_body(first: date, last: date) -> dict:
    windows = {
        "weekdays": ["tuesday", "thursday"],
        "parts_of_day": ["morning"],
        "date_from": str(first),
        "date_to": str(last),
    }
    note = "Tuesday or Thursday mornings; Lily has school from 12."
    return submission(LILY, LILY_CASE, demo.TREATMENT, preferred_times=windows, note=note)


def inside_by_hand(slot: dict, first: date, last: date) -> bool:
    """The windows, read off the slot's local start without the function under test."""
    local = datetime.fromisoformat(slot["start"]).astimezone(NEW_YORK)
    return first <= local.date() <= last and local.weekday() in (TUESDAY, THURSDAY) and 7 <= local.hour < 12


def ask(caregiver, first: date, last: date) -> dict:
    response = caregiver.call("POST", "/api/portal/preferred-time-requests", json=windows_body(first, last))
    assert response.status_code == 201, response.text
    request = response.json()
    assert request["status"] == "awaiting-time", request
    return request


def until_status(scheduler, request_id: str, status: str) -> dict:
    def reached():
        request = scheduler.ok("GET", f"/api/scheduler/requests/{request_id}")
        assert request["status"] == status, (request["status"], request["history"][-1])
        return request

    return wait_for(reached, timeout=60)


def items_of(scheduler, request_id: str, first: date, last: date) -> list[dict]:
    """The request's items on Dana's calendar over the windows' weeks."""
    found, day = [], first
    while day <= last + timedelta(days=6):
        week = scheduler.ok(
            "GET", "/api/scheduler/calendar", params={"day": str(day), "span": "week", "therapist_id": str(DANA)}
        )
        found += [item for item in week["items"] if item.get("request_id") == request_id]
        day += timedelta(days=7)
    return found


def matching(scheduler, request_id: str) -> list[dict]:
    return scheduler.ok("GET", f"/api/scheduler/requests/{request_id}/matching-slots")["slots"]


def test_windows_are_stored_without_a_hold_and_the_scheduler_books_exactly_one_of_the_free_slots_inside(
    caregiver, scheduler
) -> None:
    first, last = three_weeks(caregiver)
    free = slots(caregiver, LILY_CASE, demo.TREATMENT, days=20, start=first)
    inside = [slot for slot in free if inside_by_hand(slot, first, last)]
    outside = [slot for slot in free if not inside_by_hand(slot, first, last)]
    assert len(inside) > 4 and outside, "Dana works Tuesday and Thursday mornings and other times"
    # Another patient takes one of the times inside the windows first.
    taken = inside[3]
    appointments = [book_theo(scheduler, taken["start"])["appointment_id"]]
    try:
        request = ask(caregiver, first, last)
        request_id = request["request_id"]
        assert request["preferred_times"]["weekdays"] == ["tuesday", "thursday"]
        assert items_of(scheduler, request_id, first, last) == []

        # Exactly the free slots inside the windows: the taken one (and those it overlaps) gone.
        def listed_as_free_now():
            now_free = [s for s in slots(caregiver, LILY_CASE, demo.TREATMENT, days=20, start=first)]
            expected = [slot["start"] for slot in now_free if inside_by_hand(slot, first, last)]
            listed = [slot["start"] for slot in matching(scheduler, request_id)]
            assert listed == expected and taken["start"] not in listed, (listed, expected)
            return listed

        listed = wait_for(listed_as_free_now)
        assert not {slot["start"] for slot in outside} & set(listed)

        chosen = listed[0]
        answered = scheduler.call("POST", f"/api/scheduler/requests/{request_id}/choose-time", json={"start": chosen})
        assert answered.status_code == 200, answered.text
        approved = until_status(scheduler, request_id, "approved")
        appointments.append(approved["appointment_id"])
        assert datetime.fromisoformat(approved["start"]) == datetime.fromisoformat(chosen)
        items = items_of(scheduler, request_id, first, last)
        assert [(item["kind"], item["item_id"]) for item in items] == [("appointment", approved["appointment_id"])]
        assert datetime.fromisoformat(items[0]["start"]) == datetime.fromisoformat(chosen)
        actions = [entry["action"] for entry in approved["history"]]
        assert actions[:1] + actions[-3:] == [
            "preferred times asked",
            "time chosen",
            "chosen time held",
            "appointment booked",
        ]
        mine = caregiver.ok("GET", f"/api/portal/requests/{request_id}")
        assert mine["status"] == "approved"

        # Approved: choosing again is refused by the state machine's own code.
        again = scheduler.call("POST", f"/api/scheduler/requests/{request_id}/choose-time", json={"start": listed[1]})
        assert (again.status_code, again.json()["code"]) == (409, "request-not-awaiting-time")
    finally:
        for appointment_id in appointments:
            scheduler.ok("POST", f"/api/scheduler/appointments/{appointment_id}/cancel")


def test_a_time_outside_the_windows_is_refused_and_offered_instead_the_counter_offer_works(
    caregiver, scheduler
) -> None:
    first, last = three_weeks(caregiver)
    free = slots(caregiver, LILY_CASE, demo.TREATMENT, days=20, start=first)
    outside = next(slot for slot in free if not inside_by_hand(slot, first, last))
    request_id = ask(caregiver, first, last)["request_id"]

    refused = scheduler.call(
        "POST", f"/api/scheduler/requests/{request_id}/choose-time", json={"start": outside["start"]}
    )
    assert (refused.status_code, refused.json()["code"]) == (422, "time-outside-preferred-times")

    offer = scheduler.call(
        "POST", f"/api/scheduler/requests/{request_id}/offer", json={"times": [{"start": outside["start"]}]}
    )
    assert offer.status_code == 200, offer.text
    offered = until_status(scheduler, request_id, "offered")
    [held] = offered["counter_offer"]["times"]
    assert held["state"] == "held"
    # The offered time is held for Lily's case (the hold names the patient though nothing was held before).
    [hold] = [item for item in items_of(scheduler, request_id, first, last) if item["kind"] == "pending_request"]
    assert hold["patient_id"] == str(LILY)

    accepted = caregiver.call(
        "POST", f"/api/portal/requests/{request_id}/offer/accept", json={"hold_id": held["hold_id"]}
    )
    assert accepted.status_code == 200, accepted.text
    approved = until_status(scheduler, request_id, "approved")
    try:
        assert datetime.fromisoformat(approved["start"]) == datetime.fromisoformat(outside["start"])
        items = items_of(scheduler, request_id, first, last)
        assert [item["kind"] for item in items] == ["appointment"]
    finally:
        scheduler.ok("POST", f"/api/scheduler/appointments/{approved['appointment_id']}/cancel")


def test_windows_are_declined_with_a_reason_withdrawn_or_expire_unreviewed(stack, caregiver, scheduler) -> None:
    first, last = three_weeks(caregiver)

    declined_id = ask(caregiver, first, last)["request_id"]
    declined = scheduler.ok(
        "POST", f"/api/scheduler/requests/{declined_id}/decline", json={"reason": "No mornings free this month."}
    )
    assert declined["status"] == "declined"
    assert (
        caregiver.ok("GET", f"/api/portal/requests/{declined_id}")["decline_reason"] == "No mornings free this month."
    )

    withdrawn_id = ask(caregiver, first, last)["request_id"]
    withdrawn = caregiver.ok("POST", f"/api/portal/requests/{withdrawn_id}/withdraw")
    assert withdrawn["status"] == "cancelled"

    # Waiting the clinic's expiry out is not an option; having asked that long ago is.
    expiring_id = ask(caregiver, first, last)["request_id"]
    asked_long_ago = datetime.now(UTC) - timedelta(days=30)
    asyncio.run(
        query(
            stack.database_urls["requests"],
            "UPDATE appointment_requests SET submitted_at = $1 WHERE request_id = $2",
            asked_long_ago,
            uuid.UUID(expiring_id),
        )
    )
    expired = until_status(scheduler, expiring_id, "expired")
    assert expired["expiry"]["code"] == "not-reviewed-in-time"
    assert expired["history"][-1]["actor_kind"] == "expiry"
