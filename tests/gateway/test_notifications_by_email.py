"""People hear back by email: through the gateway, the real broker, the notifications service
and a real SMTP server (tests/mail_sink.py). Each email is found in the SMTP server by its
Message-ID, which is the email's id in the notifications service's admin list."""

import asyncio
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest

from clinic_contracts.topics import APPOINTMENT_REQUESTS, CALENDAR
from clinic_settings import demo_data as demo
from tests.gateway.gateway_api import LILY, LILY_CASE, request_body, slots, wait_for
from tests.gateway.test_story import submit
from tests.kafka_tools import read_topic, redeliver, until_consumed

pytestmark = [pytest.mark.kafka, pytest.mark.postgres]

NEW_YORK = ZoneInfo("America/New_York")
# The first Monday after the United States' clocks went forward in 2027 (14 March).
AFTER_THE_CLOCKS_CHANGE = date(2027, 3, 15)


def test_an_approved_request_brings_one_invitation_in_local_time_across_the_change_of_clocks(
    emails, caregiver, scheduler, lilys_case_open
) -> None:
    offered = slots(caregiver, LILY_CASE, demo.TREATMENT, days=6, start=AFTER_THE_CLOCKS_CHANGE)
    slot = offered[0]
    _response, request = submit(caregiver, request_body(LILY, LILY_CASE, demo.TREATMENT, slot["start"]))
    assert request["status"] == "pending", request
    request_id = request["request_id"]

    _record, received = emails.sent(request_id, "request-received", demo_email("wei"))
    assert "Lily Chen" in received.text() and "Dana Whitfield" in received.text()
    # Sam schedules at Downtown, where Lily's case is; Jordan (Pasadena) is not told.
    emails.sent(request_id, "new-pending-request", "scheduler.downtown@harborview.example")
    told = {item["to_address"] for item in emails.of(request_id, "new-pending-request")}
    assert "scheduler.downtown@harborview.example" in told
    assert "scheduler.pasadena@harborview.example" not in told

    approve = scheduler.call("POST", f"/api/scheduler/requests/{request_id}/approve")
    assert approve.status_code == 200, approve.text
    record, approved = emails.sent(request_id, "request-approved", demo_email("wei"))
    assert record["has_calendar_invitation"]
    assert "invitation.ics" in approved.attachments()
    # Nothing of the case (its title is a diagnosis) in the subject, nor the patient's name.
    assert "Toe walking" not in approved.subject and "Lily" not in approved.subject
    assert "Toe walking" not in approved.text()

    calendar = icalendar.Calendar.from_ical(approved.calendar())
    assert str(calendar["METHOD"]) == "REQUEST"
    [event] = calendar.walk("VEVENT")
    local_start = datetime.fromisoformat(slot["local_start"])
    start, end = event.decoded("DTSTART"), event.decoded("DTEND")
    assert str(start.tzinfo) == "America/New_York", start.tzinfo
    # The wall-clock time the portal showed, in daylight saving time (UTC-4) now.
    assert start.replace(tzinfo=None) == local_start.replace(tzinfo=None)
    assert start.utcoffset() == timedelta(hours=-4) == local_start.utcoffset()
    assert end - start == timedelta(minutes=45)
    assert start == datetime.fromisoformat(slot["start"])
    [zone] = calendar.walk("VTIMEZONE")
    assert str(zone["TZID"]) == "America/New_York"
    assert {component.name for component in zone.subcomponents} >= {"STANDARD", "DAYLIGHT"}
    appointment_id = request_id_of_appointment(scheduler, request_id)
    assert str(event["UID"]).startswith(appointment_id)

    # The clinic cancels it: the cancellation replaces the invitation in the family's calendar.
    scheduler.ok("POST", f"/api/scheduler/appointments/{appointment_id}/cancel")
    _record, cancelled = emails.sent(request_id, "appointment-cancelled", demo_email("wei"))
    assert "Harborview Physical Therapy cancelled the appointment for Lily Chen" in cancelled.text()
    assert "cancellation.ics" in cancelled.attachments()
    cancellation = icalendar.Calendar.from_ical(cancelled.calendar())
    [cancelled_event] = cancellation.walk("VEVENT")
    assert str(cancellation["METHOD"]) == "CANCEL" and str(cancelled_event["STATUS"]) == "CANCELLED"
    assert str(cancelled_event["UID"]) == str(event["UID"])
    assert int(cancelled_event["SEQUENCE"]) > int(event["SEQUENCE"])


def local_words(slot: dict) -> str:
    """How the emails write a slot's time (clinic_notifications.domain.local_times)."""
    start, end = datetime.fromisoformat(slot["local_start"]), datetime.fromisoformat(slot["local_end"])
    return f"{start:%A} {start.day} {start:%B %Y}, {start:%H:%M}–{end:%H:%M} (America/New_York)"


def demo_email(first_name: str) -> str:
    return {"wei": "wei.chen@harborview.example"}[first_name]


def request_id_of_appointment(scheduler, request_id: str) -> str:
    return scheduler.ok("GET", f"/api/scheduler/requests/{request_id}")["appointment_id"]


def test_a_declined_request_tells_the_reason_and_redelivered_events_send_nothing_twice(
    kafka, consumer_group_prefix, emails, mail_sink, caregiver, scheduler, lilys_case_open
) -> None:
    offered = slots(caregiver, LILY_CASE, demo.TREATMENT, days=6, start=AFTER_THE_CLOCKS_CHANGE)
    slot = offered[4]
    _response, request = submit(caregiver, request_body(LILY, LILY_CASE, demo.TREATMENT, slot["start"]))
    request_id = request["request_id"]
    emails.sent(request_id, "request-received", demo_email("wei"))
    # The scheduler moves it an hour later first: the caregiver hears of the new time.
    later = next(
        other
        for other in offered
        if datetime.fromisoformat(other["start"]) >= datetime.fromisoformat(slot["start"]) + timedelta(hours=2)
    )
    edit = scheduler.call("POST", f"/api/scheduler/requests/{request_id}/edit", json={"start": later["start"]})
    assert edit.status_code == 200, edit.text
    _record, moved = emails.sent(request_id, "request-moved", demo_email("wei"))
    new_local = datetime.fromisoformat(later["local_start"])
    assert f"{new_local:%H:%M}" in moved.text() and f"It was {local_words(slot)}" in moved.text().replace("\n", " ")
    reason = "Dana is at a conference that week <b>sorry</b>"
    scheduler.ok("POST", f"/api/scheduler/requests/{request_id}/decline", json={"reason": reason})
    _record, declined = emails.sent(request_id, "request-declined", demo_email("wei"))
    assert reason in declined.text()
    # In the HTML part the reason is text, never markup.
    assert "&lt;b&gt;sorry&lt;/b&gt;" in declined.html() and "<b>sorry</b>" not in declined.html()
    before = {item["email_id"]: item["kind"] for item in emails.of(request_id)}

    # Every event of the request, delivered to the notifications service once more.
    async def redeliver_the_requests_events() -> int:
        records = [
            record
            for topic in (APPOINTMENT_REQUESTS.name, CALENDAR.name)
            for record in await read_topic(kafka, topic)
            if record.key == request_id.encode()
        ]
        assert len(records) >= 4, records  # submitted, hold placed, pending, declined, released
        last = None
        for record in records:
            last = await redeliver(kafka, record)
        await until_consumed(kafka, f"{consumer_group_prefix}notifications.notices", last, timeout=60)
        return len(records)

    redelivered = asyncio.run(redeliver_the_requests_events())
    assert redelivered >= 4
    assert {item["email_id"]: item["kind"] for item in emails.of(request_id)} == before
    for email_id in before:
        assert (
            len(mail_sink.received(lambda email, email_id=email_id: email_id in str(email.message["Message-ID"]))) == 1
        )


def test_while_the_smtp_relay_is_away_emails_wait_and_go_once_it_is_back(
    emails, mail_sink, caregiver, scheduler, lilys_case_open
) -> None:
    slot = slots(caregiver, LILY_CASE, demo.TREATMENT, days=6, start=AFTER_THE_CLOCKS_CHANGE)[8]
    mail_sink.stop()
    try:
        _response, request = submit(caregiver, request_body(LILY, LILY_CASE, demo.TREATMENT, slot["start"]))
        request_id = request["request_id"]

        def retrying() -> bool:
            [item] = emails.of(request_id, "request-received")
            assert item["status"] == "retrying" and item["last_error"], item
            return item["attempts"] >= 2

        wait_for(retrying, timeout=60)
    finally:
        mail_sink.start()
    record, received = emails.sent(request_id, "request-received", demo_email("wei"))
    assert record["attempts"] >= 3 and "Lily Chen" in received.text()
    assert len(mail_sink.received(lambda email: record["email_id"] in str(email.message["Message-ID"]))) == 1


def test_people_choose_what_reaches_them_and_the_admin_sees_where_each_email_stands(
    kafka, consumer_group_prefix, emails, caregiver, scheduler, admin, lilys_case_open
) -> None:
    preferences = "/api/me/notification-preferences"
    refused = caregiver.call("PUT", preferences, json={"delivery": "digest"})
    assert (refused.status_code, refused.json()["code"]) == (422, "digest-is-for-staff")
    assert caregiver.ok("GET", preferences)["choices"] == ["off", "immediate"]
    assert scheduler.ok("PUT", preferences, json={"delivery": "digest"})["choices"] == ["off", "immediate", "digest"]
    assert caregiver.ok("PUT", preferences, json={"delivery": "off"})["delivery"] == "off"
    offered = slots(caregiver, LILY_CASE, demo.TREATMENT, days=6, start=AFTER_THE_CLOCKS_CHANGE)
    try:
        _response, quiet = submit(caregiver, request_body(LILY, LILY_CASE, demo.TREATMENT, offered[12]["start"]))
        assert quiet["status"] == "pending", quiet

        async def until_the_notices_saw_it_pending() -> None:
            [record] = [
                record
                for record in await read_topic(kafka, APPOINTMENT_REQUESTS.name)
                if record.key == quiet["request_id"].encode() and b"RequestPending" in record.value
            ]
            await until_consumed(kafka, f"{consumer_group_prefix}notifications.notices", record, timeout=60)

        asyncio.run(until_the_notices_saw_it_pending())
        # The caregiver chose off, Sam the digest: nobody is told of this one as it happens.
        assert emails.of(quiet["request_id"]) == []
    finally:
        caregiver.ok("PUT", preferences, json={"delivery": "immediate"})
        scheduler.ok("PUT", preferences, json={"delivery": "immediate"})

    _response, told = submit(caregiver, request_body(LILY, LILY_CASE, demo.TREATMENT, offered[16]["start"]))
    emails.sent(told["request_id"], "request-received", demo_email("wei"))
    page = admin.ok("GET", "/api/admin/emails", params={"request_id": told["request_id"], "status": "sent"})
    received = [item for item in page["items"] if item["kind"] == "request-received"]
    assert [item["to_address"] for item in received] == [demo_email("wei")]
    assert "text_body" not in received[0] and "Lily" not in received[0]["subject"]
    # Only a failed email can be queued again: a sent one would go twice.
    again = admin.call("POST", f"/api/admin/emails/{received[0]['email_id']}/retry")
    assert (again.status_code, again.json()["code"]) == (409, "email-not-failed")
    assert scheduler.call("GET", "/api/admin/emails").status_code == 403
