"""Notices for a request for preferred times (awaiting a time): the family and the schedulers are
told the days and times asked for; a decline names the dates, not a made-up visit time; the
approval names the time the scheduler chose."""

import uuid
from datetime import date, datetime, timedelta

from clinic_contracts import wrap
from clinic_contracts.events import RequestApproved, RequestAwaitingTime, RequestDeclined
from clinic_contracts.events.requests import RequestedVisit
from tests.examples import mornings
from tests.notifications.integration.test_composing_and_digest import (  # noqa: F401 - fixtures
    MORNING,
    composer,
    runtime,
    stored_emails,
    world,
)

# Riverside keeps Chicago time; MORNING is Tuesday 2027-01-12.
WINDOWS = mornings(date(2027, 1, 14), date(2027, 2, 2))


async def asked(runtime, world) -> RequestAwaitingTime:
    event = RequestAwaitingTime(
        request_id=uuid.uuid4(),
        portal_user_id=world.portal_user.portal_user_id,
        patient_id=world.patient.patient_id,
        case_id=world.case.case_id,
        visit_type_id=world.visit_type.visit_type_id,
        location_id=world.location.location_id,
        therapist_id=world.therapist.therapist_id,
        preferred_times=WINDOWS,
    )
    await composer(runtime).apply(wrap(event, clinic_id=world.clinic_id), event, MORNING)
    return event


async def test_the_family_and_the_schedulers_are_told_the_days_and_times_asked_for(runtime, world) -> None:
    event = await asked(runtime, world)
    by_kind = {email["kind"]: email for email in await stored_emails(runtime, event.request_id)}
    assert set(by_kind) == {"preferred-times-received", "new-preferred-times-request"}
    assert by_kind["preferred-times-received"]["to_address"] == world.portal_user.email
    assert by_kind["new-preferred-times-request"]["to_address"] == world.scheduler.email
    words = "Tuesday or Thursday mornings (07:00–12:00), Thursday 14 January 2027 to Tuesday 2 February 2027"
    for email in by_kind.values():
        assert words in email["text_body"] and words in email["html_body"], email["text_body"]


async def test_a_decline_names_the_dates_and_the_approval_the_chosen_time(runtime, world) -> None:
    declined = await asked(runtime, world)
    notices = composer(runtime)
    decline = RequestDeclined(
        request_id=declined.request_id,
        hold_id=uuid.uuid4(),
        reason="No mornings free.",
        declined_by=world.scheduler.staff_user_id,
        portal_user_id=world.portal_user.portal_user_id,
    )
    await notices.apply(wrap(decline, clinic_id=world.clinic_id), decline, MORNING)
    [email] = [e for e in await stored_emails(runtime, declined.request_id) if e["kind"] == "request-declined"]
    assert "a time the clinic picks between Thursday 14 January 2027 and Tuesday 2 February 2027" in email["text_body"]
    assert "00:00" not in email["text_body"]

    booked = await asked(runtime, world)
    start = datetime(2027, 1, 19, 15, 0, tzinfo=MORNING.tzinfo)  # Tuesday 09:00 in Chicago
    # The approval names the visit asked for, now at a time.
    asked_visit = booked.model_dump(include=set(RequestedVisit.model_fields))
    approve = RequestApproved(
        **asked_visit, appointment_id=uuid.uuid4(), start=start, end=start + timedelta(minutes=45)
    )
    await notices.apply(wrap(approve, clinic_id=world.clinic_id), approve, MORNING)
    [email] = [e for e in await stored_emails(runtime, booked.request_id) if e["kind"] == "request-approved"]
    assert "Tuesday 19 January 2027, 09:00–09:45" in email["text_body"], email["text_body"]
    assert "the clinic picks" not in email["text_body"]
