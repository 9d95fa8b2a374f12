"""The notifications service's rules and words, without a broker or a database."""

import random
import shutil
import uuid
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from email import policy as email_policy

import icalendar
import pytest
from aiosmtplib.email import flatten_message

from clinic_notifications.adapters import smtp_mailer
from clinic_notifications.adapters.notice_texts import NoticeTexts
from clinic_notifications.adapters.smtp_mailer import SmtpMailer
from clinic_notifications.config import NotificationsServiceSettings
from clinic_notifications.domain.invitations import AppointmentInvitation, CalendarMethod
from clinic_notifications.domain.local_times import LocalVisitTime
from clinic_notifications.domain.notices import (
    CARRIES_A_SECRET,
    Delivery,
    DigestIsForStaff,
    NoticeKind,
    RecipientKind,
    check_delivery_choice,
    wants,
)
from clinic_notifications.service_layer.outgoing import EmailStatus, OutgoingEmail, RetryPolicy

# 09:00 in New York on the Friday before the clocks go forward (UTC-5) and the Monday after (UTC-4).
BEFORE = datetime(2027, 3, 12, 14, 0, tzinfo=UTC)
AFTER = datetime(2027, 3, 15, 13, 0, tzinfo=UTC)


@pytest.mark.parametrize("kind", list(NoticeKind))
def test_immediate_gets_everything_off_nothing_and_digest_only_the_digest(kind) -> None:
    assert wants(Delivery.IMMEDIATE, kind)
    if kind in CARRIES_A_SECRET:
        # A link to one's own account comes whatever one chose: nothing else brings it.
        assert wants(Delivery.OFF, kind) and wants(Delivery.DIGEST, kind)
        return
    assert not wants(Delivery.OFF, kind)
    assert wants(Delivery.DIGEST, kind) is (kind is NoticeKind.WAITING_DIGEST)


def test_only_staff_may_choose_the_digest() -> None:
    check_delivery_choice(RecipientKind.STAFF, Delivery.DIGEST)
    check_delivery_choice(RecipientKind.PORTAL, Delivery.OFF)
    with pytest.raises(DigestIsForStaff):
        check_delivery_choice(RecipientKind.PORTAL, Delivery.DIGEST)


def test_retries_back_off_doubling_to_the_longest_then_fail() -> None:
    policy = RetryPolicy(attempts=5, first=timedelta(seconds=5), longest=timedelta(seconds=12))
    now = BEFORE
    waits = [policy.after_failure(made, now) for made in range(1, 6)]
    assert [(status, at - now if at else None) for status, at in waits] == [
        (EmailStatus.RETRYING, timedelta(seconds=5)),
        (EmailStatus.RETRYING, timedelta(seconds=10)),
        (EmailStatus.RETRYING, timedelta(seconds=12)),
        (EmailStatus.RETRYING, timedelta(seconds=12)),
        (EmailStatus.FAILED, None),
    ]


def test_a_visit_reads_in_the_locations_wall_clock_on_both_sides_of_the_clock_change() -> None:
    before = LocalVisitTime.of(BEFORE, BEFORE + timedelta(minutes=45), "America/New_York")
    after = LocalVisitTime.of(AFTER, AFTER + timedelta(minutes=45), "America/New_York")
    assert str(before) == "Friday 12 March 2027, 09:00–09:45 (America/New_York)"
    assert str(after) == "Monday 15 March 2027, 09:00–09:45 (America/New_York)"


def invitation(start: datetime, sequence: int = 0) -> AppointmentInvitation:
    return AppointmentInvitation(
        appointment_id=uuid.UUID("0b7d2a56-9a1e-4b8e-9d51-2f1f1c0a7e11"),
        sequence=sequence,
        start=start,
        end=start + timedelta(minutes=45),
        time_zone="America/New_York",
        summary="Treatment with Dana Whitfield (Harborview Physical Therapy)",
        location="Harborview Downtown, 100 Harbor Street",
        organizer_email="no-reply@harborview.example",
        attendee_email="wei.chen@harborview.example",
        attendee_name="Wei Chen",
    )


@pytest.mark.parametrize(("start", "offset"), [(BEFORE, -5), (AFTER, -4)])
def test_the_invitation_says_nine_oclock_local_with_the_zones_rules(start, offset) -> None:
    calendar = icalendar.Calendar.from_ical(invitation(start).to_ics(CalendarMethod.REQUEST, BEFORE))
    assert str(calendar["METHOD"]) == "REQUEST" and str(calendar["VERSION"]) == "2.0"
    [event] = calendar.walk("VEVENT")
    local = event.decoded("DTSTART")
    assert (local.hour, local.minute, str(local.tzinfo)) == (9, 0, "America/New_York")
    assert local.utcoffset() == timedelta(hours=offset)
    assert local == start and event.decoded("DTEND") - local == timedelta(minutes=45)
    assert str(event["STATUS"]) == "CONFIRMED" and int(event["SEQUENCE"]) == 0
    assert str(event["ATTENDEE"]) == "mailto:wei.chen@harborview.example"
    [zone] = calendar.walk("VTIMEZONE")
    assert {part.name for part in zone.subcomponents} >= {"STANDARD", "DAYLIGHT"}


@pytest.mark.parametrize("method", list(CalendarMethod))
def test_the_kept_vtimezone_writes_what_icalendar_builds_each_time_on_both_sides_of_the_clock_change(
    method,
) -> None:
    for start in (BEFORE, AFTER, AFTER + timedelta(days=400)):
        for _twice in range(2):  # the first builds the zone's VTIMEZONE, the second reads it kept
            calendar = invitation(start).calendar(method, BEFORE)
            calendar.add_missing_timezones()
            assert invitation(start).to_ics(method, BEFORE) == calendar.to_ical().decode()


def test_an_invitation_in_utc_has_no_vtimezone_as_icalendar_writes_none() -> None:
    in_utc = replace(invitation(BEFORE), time_zone="UTC")
    calendar = in_utc.calendar(CalendarMethod.REQUEST, BEFORE)
    calendar.add_missing_timezones()
    ics = in_utc.to_ics(CalendarMethod.REQUEST, BEFORE)
    assert ics == calendar.to_ical().decode() and "VTIMEZONE" not in ics


def test_a_cancellation_replaces_the_invitation_it_cancels() -> None:
    sent = icalendar.Calendar.from_ical(invitation(AFTER).to_ics(CalendarMethod.REQUEST, BEFORE))
    cancelled = icalendar.Calendar.from_ical(invitation(AFTER, sequence=1).to_ics(CalendarMethod.CANCEL, AFTER))
    [first], [then] = sent.walk("VEVENT"), cancelled.walk("VEVENT")
    assert str(cancelled["METHOD"]) == "CANCEL" and str(then["STATUS"]) == "CANCELLED"
    assert str(first["UID"]) == str(then["UID"]) and int(then["SEQUENCE"]) > int(first["SEQUENCE"])


def context(**overrides) -> dict:
    when = LocalVisitTime.of(AFTER, AFTER + timedelta(minutes=45), "America/New_York")
    return {
        "recipient_name": "Wei Chen",
        "clinic_name": "Harborview Physical Therapy",
        "patient_name": "Lily Chen",
        "visit_type": "Treatment",
        "therapist": "Dana Whitfield",
        "location_name": "Harborview Downtown",
        "location_address": "100 Harbor Street",
        "when": when,
        "previous_when": str(when),
        "requested_when": str(when),
        "answer_by": "Wednesday 17 March 2027, 09:00 (America/New_York)",
        "offered_times": [
            {
                "visit_type": "Treatment",
                "therapist": "Dana Whitfield",
                "when": when,
                "location_name": "Harborview Downtown",
                "location_address": "100 Harbor Street",
            }
        ],
        "reason": "Away that week",
        "preferred": "Tuesday or Thursday mornings (07:00–12:00), Monday 15 March 2027 to Friday 2 April 2027 (America/New_York)",
        "cancelled_by_portal": False,
        "portal_link": "http://127.0.0.1:8000/portal",
        "scheduler_link": "http://127.0.0.1:8000/scheduler",
        "preferences_link": None,
        "link": "http://127.0.0.1:8000/invitation#token=secret",
        "expires": "Monday 15 March 2027, 09:00 (America/New_York)",
        "staff": False,
        "waiting": [
            {
                "patient_name": "Lily Chen",
                "visit_type": "Treatment",
                "therapist": "Dana Whitfield",
                "when": str(when),
                "location_name": "Harborview Downtown",
            }
        ],
        **overrides,
    }


@pytest.mark.parametrize("kind", list(NoticeKind))
def test_every_notice_has_its_three_texts_in_english(kind) -> None:
    text = NoticeTexts().render(kind, context())
    assert text.subject and "\n" not in text.subject
    assert "Harborview Physical Therapy" in text.subject
    # The subject shows on a locked phone: no patient, no case, no reason.
    assert "Lily" not in text.subject and "Away" not in text.subject
    assert "Wei Chen" in text.text and text.html.startswith("<!doctype html>")


def test_what_people_typed_is_text_in_html_and_cannot_break_a_subject() -> None:
    hostile = context(reason="<script>alert(1)</script>", clinic_name="Harborview\r\nBcc: someone@else.example")
    text = NoticeTexts().render(NoticeKind.REQUEST_DECLINED, hostile)
    assert "<script>" not in text.html and "&lt;script&gt;" in text.html
    assert "\r" not in text.subject and "\n" not in text.subject
    assert "<script>alert(1)</script>" in text.text  # plain text is shown as text by every client


def test_an_unknown_language_reads_in_english() -> None:
    assert NoticeTexts().render(NoticeKind.REQUEST_APPROVED, context(), "xx") == NoticeTexts().render(
        NoticeKind.REQUEST_APPROVED, context()
    )


def test_the_message_carries_text_html_the_itip_part_and_the_file() -> None:
    ics = invitation(AFTER).to_ics(CalendarMethod.REQUEST, BEFORE)
    email_id = uuid.uuid4()
    email = OutgoingEmail(
        email_id=email_id, clinic_id=uuid.uuid4(), cause_id=uuid.uuid4(), kind="request-approved",
        recipient_kind="portal", recipient_id=uuid.uuid4(), to_address="wei.chen@harborview.example",
        subject="Your appointment is booked – Harborview", text_body="Hello", html_body="<p>Hello</p>",
        calendar=ics, calendar_method="REQUEST", request_id=uuid.uuid4(), status=EmailStatus.QUEUED, attempts=0,
        next_attempt_at=None, last_error=None, created_at=BEFORE, sent_at=None,
    )  # fmt: skip
    settings = NotificationsServiceSettings(mail_from="Harborview <no-reply@harborview.example>")
    message = SmtpMailer(settings).message(email)
    assert message["Message-ID"] == f"<{email_id}@harborview.example>"
    types = [part.get_content_type() for part in message.walk()]
    assert {"text/plain", "text/html", "text/calendar", "application/ics"} <= set(types)
    [itip] = [part for part in message.walk() if part.get_content_type() == "text/calendar"]
    assert itip.get_param("method") == "REQUEST"
    assert [part.get_filename() for part in message.iter_attachments()] == ["invitation.ics"]


@pytest.mark.parametrize("cte_type", ["8bit", "7bit"])
def test_the_kept_header_classes_send_the_bytes_the_standard_policy_does(monkeypatch, cte_type) -> None:
    ics = invitation(AFTER).to_ics(CalendarMethod.CANCEL, BEFORE)
    email = OutgoingEmail.queued(
        clinic_id=uuid.uuid4(), cause_id=uuid.uuid4(), kind="appointment-cancelled", recipient_kind="portal",
        recipient_id=uuid.uuid4(), to_address="zoë.müller@harborview.example",
        subject="Ihr Termin am Montag 15. März 2027 um 09:00 wurde abgesagt – Physiotherapie Hafenblick " * 2,
        text_body="Grüße, Zoë\n" * 40, html_body="<p>Grüße, Zoë</p>" * 40, created_at=BEFORE,
        calendar=ics, calendar_method="CANCEL",
    )  # fmt: skip
    mailer = SmtpMailer(NotificationsServiceSettings(mail_from="Physiotherapie Hafenblick <no-reply@hafen.example>"))
    monkeypatch.setattr(smtp_mailer, "formatdate", lambda localtime: "Fri, 12 Mar 2027 14:00:00 -0000")

    def sent_bytes() -> bytes:
        random.seed(13)  # the MIME boundaries
        return flatten_message(mailer.message(email), utf8=True, cte_type=cte_type)

    kept = sent_bytes()
    monkeypatch.setattr(smtp_mailer, "MESSAGE_POLICY", email_policy.default)
    assert kept == sent_bytes()


def test_a_language_is_a_folder_of_texts_and_a_tag_is_never_a_path(tmp_path) -> None:
    shipped = NoticeTexts()
    for language in ("en", "es"):
        shutil.copytree(shipped.directory / "en", tmp_path / language)
    (tmp_path / "es" / "request-approved.subject.txt").write_text("Su cita está reservada – {{ clinic_name }}\n")
    texts = NoticeTexts(tmp_path)
    assert texts.languages() == ["en", "es"]
    assert texts.render(NoticeKind.REQUEST_APPROVED, context(), "es").subject.startswith("Su cita está reservada")
    assert texts.render(NoticeKind.REQUEST_APPROVED, context(), "../es") == texts.render(
        NoticeKind.REQUEST_APPROVED, context()
    )


async def test_the_mailer_keeps_one_connection_and_makes_it_anew_once_the_relay_closed_it() -> None:
    from tests.infrastructure import free_port
    from tests.mail_sink import MailSink

    sink = MailSink(free_port())
    sink.start()
    mailer = SmtpMailer(NotificationsServiceSettings(smtp_host=sink.host, smtp_port=sink.port))
    try:
        first, second = outgoing("one@harborview.example"), outgoing("two@harborview.example")
        await mailer.send(first)
        connection = mailer._client
        await mailer.send(second)
        assert mailer._client is connection, "the second email went over the same connection"
        # The relay goes away and comes back (its connections closed): the next email still goes.
        sink.stop()
        sink.start()
        third = outgoing("three@harborview.example")
        await mailer.send(third)
        assert mailer._client is not connection
        assert [email.to for email in sink.received()] == [[f"{n}@harborview.example"] for n in ("one", "two", "three")]
    finally:
        await mailer.close()
        sink.stop()


def outgoing(to: str) -> OutgoingEmail:
    return OutgoingEmail.queued(
        clinic_id=uuid.uuid4(), cause_id=uuid.uuid4(), kind="request-received", recipient_kind="portal",
        recipient_id=uuid.uuid4(), to_address=to, subject="Received", text_body="Hello", html_body="<p>Hello</p>",
        created_at=BEFORE,
    )  # fmt: skip
