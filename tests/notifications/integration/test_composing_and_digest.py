"""Composing notices and the daily digest over a real database (SQLite and PostgreSQL), without a
broker: events are handed to the use case as the consumer would hand them."""

import asyncio
import shutil
import uuid
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from clinic_contracts import wrap
from clinic_contracts.events import (
    AccountLinkIssued,
    AccountLinkPurpose,
    AccountUserKind,
    AppointmentCancelled,
    CancelledBy,
    RequestApproved,
    RequestPending,
    RequestSubmitted,
)
from clinic_notifications.adapters import preferences, request_contacts
from clinic_notifications.adapters.notice_texts import NoticeTexts
from clinic_notifications.adapters.orm import emails, metadata
from clinic_notifications.bootstrap import MIGRATIONS
from clinic_notifications.config import NotificationsServiceSettings
from clinic_notifications.domain.notices import Delivery, RecipientKind
from clinic_notifications.service_layer.composing import Composer, Links
from clinic_notifications.service_layer.delivery import deliver_due
from clinic_notifications.service_layer.digest import send_digests
from clinic_notifications.service_layer.outgoing import RetryPolicy
from servicekit.replicated_settings import UnknownSetting
from tests.layer_databases import LayerDatabase
from tests.requests.clinic_world import ClinicWorld, new_clinic_world, next_revision

# Riverside keeps Chicago time: 07:00 there on this day is 13:00 UTC.
MORNING = datetime(2027, 1, 12, 13, 5, tzinfo=UTC)


NOTIFICATIONS_DATABASE = LayerDatabase("notifications", NotificationsServiceSettings, metadata, MIGRATIONS)
runtime = NOTIFICATIONS_DATABASE.runtime_fixture()


@pytest.fixture
async def two_replicas(request):
    """Two runtimes (engines) on one PostgreSQL database, as two replicas of the service. SQLite is
    the embedded default of a single process: nothing runs beside it there."""
    url = await NOTIFICATIONS_DATABASE.postgres_url(request)
    replicas = (await NOTIFICATIONS_DATABASE.migrated_runtime(url), await NOTIFICATIONS_DATABASE.migrated_runtime(url))
    yield replicas
    for replica in replicas:
        await replica.engine.dispose()


@pytest.fixture
async def world(runtime) -> ClinicWorld:
    world = new_clinic_world()
    await store(runtime, world, *world.states())
    return world


async def store(runtime, world: ClinicWorld, *states) -> None:
    async with runtime.sessions.begin() as session:
        for state in states:
            await runtime.settings_replica.apply(session, state, world.clinic_id)


def composer(runtime) -> Composer:
    return Composer(runtime, NoticeTexts(), Links("https://portal.riverside.example"), "no-reply@riverside.example")


def visit(world: ClinicWorld, start: datetime) -> dict:
    return {
        "request_id": uuid.uuid4(),
        "portal_user_id": world.portal_user.portal_user_id,
        "patient_id": world.patient.patient_id,
        "case_id": world.case.case_id,
        "visit_type_id": world.visit_type.visit_type_id,
        "location_id": world.location.location_id,
        "therapist_id": world.therapist.therapist_id,
        "start": start,
        "end": start + timedelta(minutes=45),
    }


async def stored_emails(runtime, request_id=None) -> list[dict]:
    async with runtime.sessions() as session:
        statement = select(emails).order_by(emails.c.created_at, emails.c.kind, emails.c.to_address)
        if request_id is not None:
            statement = statement.where(emails.c.request_id == request_id)
        return [dict(row._mapping) for row in await session.execute(statement)]


async def pending_request(runtime, world: ClinicWorld, start: datetime = MORNING + timedelta(days=2)) -> dict:
    fields = visit(world, start)
    notices = composer(runtime)
    submitted = RequestSubmitted(**fields, hold_id=uuid.uuid4(), holds_slot=True)
    await notices.apply(wrap(submitted, clinic_id=world.clinic_id), submitted, MORNING)
    pending = RequestPending(**fields)
    await notices.apply(wrap(pending, clinic_id=world.clinic_id), pending, MORNING)
    return fields


async def test_a_pending_request_tells_the_portal_user_and_the_schedulers_who_see_the_patient(runtime, world) -> None:
    fields = await pending_request(runtime, world)
    told = {(email["kind"], email["to_address"]) for email in await stored_emails(runtime, fields["request_id"])}
    # The branch scheduler sees only the other location: not told.
    assert told == {
        ("request-received", world.portal_user.email),
        ("new-pending-request", world.scheduler.email),
    }


async def test_one_event_makes_its_emails_once_however_often_it_comes(runtime, world) -> None:
    fields = visit(world, MORNING + timedelta(days=2))
    pending = RequestPending(**fields)
    envelope = wrap(pending, clinic_id=world.clinic_id)
    notices = composer(runtime)
    assert await notices.apply(envelope, pending, MORNING) == 2
    assert await notices.apply(envelope, pending, MORNING) == 0
    assert len(await stored_emails(runtime, fields["request_id"])) == 2


async def test_a_submission_that_comes_after_its_request_went_pending_changes_nothing(runtime, world) -> None:
    fields = visit(world, MORNING + timedelta(days=2))
    notices = composer(runtime)
    pending = RequestPending(**fields)
    await notices.apply(wrap(pending, clinic_id=world.clinic_id), pending, MORNING)
    submitted = RequestSubmitted(**fields, hold_id=uuid.uuid4(), holds_slot=True)
    assert await notices.apply(wrap(submitted, clinic_id=world.clinic_id), submitted, MORNING) == 0
    async with runtime.sessions() as session:
        contact = await request_contacts.get(session, fields["request_id"])
    assert contact is not None and contact.status == "pending"


async def test_who_chose_off_gets_nothing_and_an_inactive_portal_user_nothing_either(runtime, world) -> None:
    async with runtime.sessions.begin() as session:
        await preferences.choose(
            session, RecipientKind.STAFF, world.scheduler.staff_user_id, world.clinic_id, Delivery.OFF, MORNING
        )
    await store(runtime, world, next_revision(world.portal_user, active=False))
    fields = await pending_request(runtime, world)
    assert await stored_emails(runtime, fields["request_id"]) == []


async def test_a_portal_user_not_yet_known_is_waited_for_not_skipped(runtime, world) -> None:
    fields = {**visit(world, MORNING + timedelta(days=2)), "portal_user_id": uuid.uuid4()}
    pending = RequestPending(**fields)
    with pytest.raises(UnknownSetting):
        await composer(runtime).apply(wrap(pending, clinic_id=world.clinic_id), pending, MORNING)
    # Nothing was recorded: the retry (or the dead letter's replay) finds the event new.
    assert await stored_emails(runtime) == []


async def test_the_approval_invites_and_the_cancellation_cancels_with_the_next_sequence(runtime, world) -> None:
    fields = await pending_request(runtime, world)
    appointment_id = uuid.uuid4()
    approved = RequestApproved(
        **{name: value for name, value in fields.items() if name not in ("case_id",)}, appointment_id=appointment_id
    )
    notices = composer(runtime)
    await notices.apply(wrap(approved, clinic_id=world.clinic_id), approved, MORNING)
    cancelled = AppointmentCancelled(
        appointment_id=appointment_id,
        request_id=fields["request_id"],
        therapist_id=fields["therapist_id"],
        cancelled_by=CancelledBy.STAFF,
        cancelled_by_id=world.scheduler.staff_user_id,
        cancelled_at=MORNING,
    )
    await notices.apply(wrap(cancelled, clinic_id=world.clinic_id), cancelled, MORNING)
    by_kind = {email["kind"]: email for email in await stored_emails(runtime, fields["request_id"])}
    assert by_kind["request-approved"]["calendar_method"] == "REQUEST"
    assert "SEQUENCE:0" in by_kind["request-approved"]["calendar"]
    assert by_kind["appointment-cancelled"]["calendar_method"] == "CANCEL"
    assert "SEQUENCE:1" in by_kind["appointment-cancelled"]["calendar"]
    assert f"UID:{appointment_id}@" in by_kind["appointment-cancelled"]["calendar"]
    assert "Riverside Therapy cancelled the appointment" in by_kind["appointment-cancelled"]["text_body"]


async def test_the_digest_goes_once_a_day_from_the_clinics_morning_to_who_sees_the_patient(runtime, world) -> None:
    await pending_request(runtime, world)
    await pending_request(runtime, world, MORNING + timedelta(days=3))
    notices = composer(runtime)
    assert await send_digests(notices, 7, MORNING - timedelta(minutes=10)) == 0, "06:55 in Chicago: not yet"
    assert await send_digests(notices, 7, MORNING) == 1
    assert await send_digests(notices, 7, MORNING + timedelta(hours=3)) == 0, "once a day"
    [digest] = [email for email in await stored_emails(runtime) if email["kind"] == "waiting-digest"]
    assert digest["to_address"] == world.scheduler.email
    assert digest["subject"] == "2 appointment requests waiting – Riverside Therapy"
    assert digest["text_body"].count(world.patient.name) == 2
    assert await send_digests(notices, 7, MORNING + timedelta(days=1)) == 1, "the next morning again"


@pytest.mark.postgres
async def test_two_replicas_at_once_make_each_digest_once_and_send_each_email_once(two_replicas) -> None:
    first, second = two_replicas
    world = new_clinic_world()
    await store(first, world, *world.states())
    await pending_request(first, world)

    made = await asyncio.gather(send_digests(composer(first), 7, MORNING), send_digests(composer(second), 7, MORNING))
    assert sorted(made) == [0, 1]

    handed_to_the_relay: list[uuid.UUID] = []

    async def relay(outgoing) -> None:
        handed_to_the_relay.append(outgoing.email_id)
        await asyncio.sleep(0.05)  # the other replica looks for due emails while this one sends

    policy = RetryPolicy(3, timedelta(seconds=1), timedelta(seconds=2))
    sent = await asyncio.gather(deliver_due(first, relay, policy, MORNING), deliver_due(second, relay, policy, MORNING))
    stored = await stored_emails(first)
    assert {email["kind"] for email in stored} == {"request-received", "new-pending-request", "waiting-digest"}
    assert sorted(handed_to_the_relay) == sorted(email["email_id"] for email in stored)
    assert sum(sent) == len(stored) and all(email["status"] == "sent" for email in stored)


async def test_who_chose_the_digest_gets_it_and_not_each_request(runtime, world) -> None:
    async with runtime.sessions.begin() as session:
        await preferences.choose(
            session, RecipientKind.STAFF, world.scheduler.staff_user_id, world.clinic_id, Delivery.DIGEST, MORNING
        )
    fields = await pending_request(runtime, world)
    assert {email["kind"] for email in await stored_emails(runtime, fields["request_id"])} == {"request-received"}
    assert await send_digests(composer(runtime), 7, MORNING) == 1


async def test_an_account_link_goes_to_its_owner_whatever_they_chose_and_its_words_are_not_kept(runtime, world) -> None:
    async with runtime.sessions.begin() as session:
        await preferences.choose(
            session, RecipientKind.PORTAL, world.portal_user.portal_user_id, world.clinic_id, Delivery.OFF, MORNING
        )
    url = "https://portal.riverside.example/reset-password#token=only-for-the-owner"
    issued = AccountLinkIssued(
        link_id=uuid.uuid4(),
        purpose=AccountLinkPurpose.PASSWORD_RESET,
        clinic_id=world.clinic_id,
        clinic_name=world.clinic.name,
        clinic_time_zone=world.clinic.time_zone,
        clinic_language="en",
        user_kind=AccountUserKind.PORTAL,
        user_id=world.portal_user.portal_user_id,
        name=world.portal_user.name,
        email=world.portal_user.email,
        url=url,
        expires_at=MORNING + timedelta(hours=1),
    )
    notices = composer(runtime)
    envelope = wrap(issued, clinic_id=world.clinic_id)
    assert await notices.apply(envelope, issued, MORNING) == 1
    assert await notices.apply(envelope, issued, MORNING) == 0, "once however often it comes"
    [email] = await stored_emails(runtime)
    assert (email["kind"], email["to_address"], email["request_id"]) == (
        "password-reset",
        world.portal_user.email,
        None,
    )
    assert url in email["text_body"] and url not in email["subject"]
    # The expiry in the clinic's words: 08:05 in Chicago.
    assert "08:05 (America/Chicago)" in email["text_body"]

    handed_to_the_relay: list[str] = []

    async def relay(outgoing) -> None:
        handed_to_the_relay.append(outgoing.text_body)

    assert await deliver_due(runtime, relay, RetryPolicy(3, timedelta(seconds=1), timedelta(seconds=2)), MORNING) == 1
    assert url in handed_to_the_relay[0]
    [kept] = await stored_emails(runtime)
    assert kept["status"] == "sent" and kept["text_body"] == kept["html_body"] == ""


async def test_an_email_the_relay_refuses_waits_for_its_retry_and_the_rest_of_its_batch_still_go(
    runtime, world
) -> None:
    for day in (2, 3, 4):
        await pending_request(runtime, world, MORNING + timedelta(days=day))
    handed_to_the_relay: list[uuid.UUID] = []

    async def relay(outgoing) -> None:
        handed_to_the_relay.append(outgoing.email_id)
        if len(handed_to_the_relay) == 2:
            raise ConnectionRefusedError("the relay is away for a moment")

    policy = RetryPolicy(3, timedelta(seconds=30), timedelta(minutes=5))
    assert await deliver_due(runtime, relay, policy, MORNING) == 5
    by_id = {email["email_id"]: email for email in await stored_emails(runtime)}
    refused = handed_to_the_relay[1]
    assert sorted(handed_to_the_relay) == sorted(by_id), "each email handed over once"
    assert (by_id[refused]["status"], by_id[refused]["attempts"]) == ("retrying", 1)
    assert by_id[refused]["next_attempt_at"].replace(tzinfo=UTC) == MORNING + timedelta(seconds=30)
    sent = [email for email_id, email in by_id.items() if email_id != refused]
    assert all((email["status"], email["attempts"]) == ("sent", 1) for email in sent)

    assert await deliver_due(runtime, relay, policy, MORNING + timedelta(seconds=30)) == 1
    assert handed_to_the_relay[-1] == refused and len(handed_to_the_relay) == 7


async def test_the_emails_are_written_in_the_clinics_language(runtime, world, tmp_path) -> None:
    for language in ("en", "es"):
        shutil.copytree(NoticeTexts().directory / "en", tmp_path / language)
    (tmp_path / "es" / "request-received.subject.txt").write_text("Solicitud recibida – {{ clinic_name }}\n")
    await store(runtime, world, next_revision(world.clinic, language="es"))
    notices = Composer(
        runtime, NoticeTexts(tmp_path), Links("https://portal.riverside.example"), "no-reply@riverside.example"
    )
    fields = visit(world, MORNING + timedelta(days=2))
    pending = RequestPending(**fields)
    await notices.apply(wrap(pending, clinic_id=world.clinic_id), pending, MORNING)
    subjects = {email["kind"]: email["subject"] for email in await stored_emails(runtime, fields["request_id"])}
    assert subjects["request-received"] == "Solicitud recibida – Riverside Therapy"
    # No Spanish words for the schedulers' notice yet: it reads in English.
    assert subjects["new-pending-request"] == "A new appointment request is waiting – Riverside Therapy"
