"""A family waits on the waitlist; the clinic cancels an appointment in their windows, and they hear
of the freed time by email, through the gateway, the real broker, the notifications service and a
real SMTP server (tests/mail_sink.py); accepting it in the portal books it."""

from datetime import date, datetime, timedelta

import pytest

from clinic_settings import demo_data as demo
from tests.demo_clinic import owens_appointment_with_dana
from tests.gateway.gateway_api import LILY_CASE, slots, wait_for
from tests.gateway.test_notifications_by_email import (
    demo_email,
    local_words,
    request_id_of_appointment,
)

pytestmark = [pytest.mark.kafka, pytest.mark.postgres]


def waitlist_offer(caregiver) -> dict:
    """The caregiver's open offer made from the waitlist, once it is held for them."""

    def offered() -> dict:
        page = caregiver.ok("GET", "/api/portal/requests", params={"status": "offered"})
        found = [request for request in page["items"] if request.get("waitlist_entry_id")]
        assert len(found) == 1, found
        return found[0]

    return wait_for(offered, timeout=60)


def test_a_freed_time_reaches_the_waiting_family_by_email_and_accepting_it_books_it(
    emails,
    caregiver,
    scheduler,
    lilys_case_open,
) -> None:
    free = slots(caregiver, LILY_CASE, demo.TREATMENT, days=6, start=date.today() + timedelta(days=3))
    slot = free[len(free) // 2]
    # Owen's appointment with Dana (Lily's therapist) takes the time first.
    booking = owens_appointment_with_dana(slot["start"])
    appointment = scheduler.ok("POST", "/api/scheduler/appointments", json=booking)
    day = slot["local_start"][:10]
    joined = caregiver.call(
        "POST",
        "/api/portal/waitlist",
        json={
            "case_id": str(LILY_CASE),
            "weekdays": [1, 2, 3, 4, 5, 6, 7],
            "parts_of_day": ["morning", "afternoon", "evening"],
            "first_day": day,
            "last_day": day,
            "visit_type_id": str(demo.TREATMENT),
        },
    )
    assert joined.status_code == 201, joined.text
    entry = joined.json()
    try:
        waiting = scheduler.ok("GET", "/api/scheduler/waitlist", params={"case_id": str(LILY_CASE)})
        assert [item["entry_id"] for item in waiting["items"]] == [entry["entry_id"]]

        scheduler.ok("POST", f"/api/scheduler/appointments/{appointment['appointment_id']}/cancel")
        offer = waitlist_offer(caregiver)
        assert offer["waitlist_entry_id"] == entry["entry_id"]
        assert datetime.fromisoformat(offer["start"]) == datetime.fromisoformat(slot["start"])
        request_id = offer["request_id"]
        _record, email = emails.sent(request_id, "waitlist-time-offered", demo_email("wei"))
        text = email.text().replace("\n", " ")
        assert local_words(slot) in text, text
        assert "Lily Chen" in text and "/portal" in text and "Accept" in text
        assert "Lily" not in email.subject and "Toe walking" not in email.subject and "Toe walking" not in text

        [held] = offer["counter_offer"]["times"]
        accepted = caregiver.call(
            "POST", f"/api/portal/requests/{request_id}/offer/accept", json={"hold_id": held["hold_id"]}
        )
        assert accepted.status_code == 200, accepted.text
        _record, approved = emails.sent(request_id, "request-approved", demo_email("wei"))
        assert f"{datetime.fromisoformat(slot['local_start']):%H:%M}" in approved.text()
        assert caregiver.ok("GET", "/api/portal/waitlist")["items"] == []
        scheduler.ok("POST", f"/api/scheduler/appointments/{request_id_of_appointment(scheduler, request_id)}/cancel")
    finally:
        caregiver.call("POST", f"/api/portal/waitlist/{entry['entry_id']}/leave")
