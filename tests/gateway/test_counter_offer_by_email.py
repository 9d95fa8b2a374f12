"""The clinic offers other times and the family hears of them by email, through the gateway, the
real broker, the notifications service and a real SMTP server (tests/mail_sink.py)."""

from datetime import datetime

import pytest

from clinic_settings import demo_data as demo
from tests.gateway.gateway_api import LILY, LILY_CASE, request_body, slots
from tests.gateway.test_notifications_by_email import (
    AFTER_THE_CLOCKS_CHANGE,
    demo_email,
    local_words,
    request_id_of_appointment,
)
from tests.gateway.test_story import submit

pytestmark = [pytest.mark.kafka, pytest.mark.postgres]


def test_the_offered_times_reach_the_family_in_local_time_and_accepting_one_books_it(
    emails,
    caregiver,
    scheduler,
    lilys_case_open,
) -> None:
    free = slots(caregiver, LILY_CASE, demo.TREATMENT, days=6, start=AFTER_THE_CLOCKS_CHANGE)
    # Slots are 15 minutes apart and a treatment lasts 45: these three share no moment.
    asked, first, second = free[1], free[-5], free[-1]
    _response, request = submit(caregiver, request_body(LILY, LILY_CASE, demo.TREATMENT, asked["start"]))
    assert request["status"] == "pending", request
    request_id = request["request_id"]

    offer = scheduler.call(
        "POST",
        f"/api/scheduler/requests/{request_id}/offer",
        json={"times": [{"start": first["start"]}, {"start": second["start"]}]},
    )
    assert offer.status_code == 200, offer.text
    _record, email = emails.sent(request_id, "other-times-offered", demo_email("wei"))
    text = email.text().replace("\n", " ")
    # Each offered time as the clinic's wall clock shows it (daylight saving time by then).
    assert local_words(first) in text and local_words(second) in text, text
    assert "Lily Chen" in text and "/portal" in text and "Accept" in text
    assert "Lily" not in email.subject and "Toe walking" not in email.subject and "Toe walking" not in text

    offered = scheduler.ok("GET", f"/api/scheduler/requests/{request_id}")
    assert offered["status"] == "offered", offered
    chosen = offered["counter_offer"]["times"][1]
    accepted = caregiver.call(
        "POST", f"/api/portal/requests/{request_id}/offer/accept", json={"hold_id": chosen["hold_id"]}
    )
    assert accepted.status_code == 200, accepted.text
    _record, approved = emails.sent(request_id, "request-approved", demo_email("wei"))
    assert f"{datetime.fromisoformat(second['local_start']):%H:%M}" in approved.text()
    assert "invitation.ics" in approved.attachments()

    scheduler.ok("POST", f"/api/scheduler/appointments/{request_id_of_appointment(scheduler, request_id)}/cancel")
