"""The notifications service's consumer contract is as wide as its code: the golden examples, cut
down to the fields it declares, still make every notice (SQLite; no broker).

An event is handed to the composer as the consumer hands it, but holding only the declared fields:
reading one more fails with an AttributeError, so a read the declaration lacks fails here."""

from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from clinic_contracts import EventEnvelope, unwrap
from clinic_contracts.consumer_contracts import load
from clinic_contracts.events import SETTINGS_EVENTS, Event
from clinic_contracts.examples import EXAMPLES_DIR, canonical_path
from clinic_contracts.schemas import subject
from clinic_notifications.adapters.notice_texts import NoticeTexts
from clinic_notifications.adapters.orm import emails, metadata
from clinic_notifications.bootstrap import MIGRATIONS
from clinic_notifications.config import NotificationsServiceSettings
from clinic_notifications.service_layer.composing import Composer, Links
from servicekit.migrations import upgrade_to_head
from servicekit.runtime import ServiceRuntime

CONTRACT = load(
    Path(__file__).resolve().parents[3] / "services/notifications/src/clinic_notifications/consumer_contract.json"
)
DECLARED = {event: fields for events in CONTRACT["topics"].values() for event, fields in events.items()}
# Before the examples' visits, after their events.
NOW = datetime(2027, 3, 7, 20, 0, tzinfo=UTC)


@pytest.fixture
async def runtime(tmp_path: Path):
    settings = NotificationsServiceSettings(
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'notifications.db'}", kafka_security_protocol="PLAINTEXT"
    )
    built = ServiceRuntime("notifications", settings, metadata, MIGRATIONS)
    await upgrade_to_head(built.engine, MIGRATIONS)
    async with built.sessions.begin() as session:
        for model in SETTINGS_EVENTS:
            envelope = EventEnvelope.from_bytes(canonical_path(model).read_bytes())
            await built.settings_replica.apply(session, unwrap(envelope), envelope.clinic_id)
    yield built
    await built.engine.dispose()


def only(model, value, fields) -> object:
    """`value` holding nothing but `fields` (top-level names of its declared paths)."""
    kept = {name.split(".")[0].removesuffix("[]") for name in fields}
    narrowed = model.model_construct(**{name: getattr(value, name) for name in kept})
    for name in set(narrowed.__dict__) - kept:
        del narrowed.__dict__[name]
    return narrowed


def as_declared(example: Path) -> tuple[EventEnvelope, Event]:
    envelope = EventEnvelope.from_bytes(example.read_bytes())
    event = unwrap(envelope)
    return only(EventEnvelope, envelope, CONTRACT["envelope"]), only(type(event), event, DECLARED[subject(type(event))])


async def kinds_made(runtime: ServiceRuntime, examples: list[str]) -> list[str]:
    composer = Composer(runtime, NoticeTexts(), Links("https://portal.riverside.example"), "no-reply@riverside.example")
    for name in examples:
        await composer.apply(*as_declared(EXAMPLES_DIR / name), NOW)
    async with runtime.sessions() as session:
        return sorted(row.kind for row in await session.execute(select(emails.c.kind)))


def test_a_narrowed_event_refuses_an_undeclared_read() -> None:
    _, declined = as_declared(EXAMPLES_DIR / "RequestDeclined.v1.json")
    assert declined.reason
    with pytest.raises(AttributeError):
        _ = declined.declined_by


async def test_one_request_s_story_makes_every_notice_from_the_declared_fields_alone(runtime) -> None:
    story = [
        "RequestSubmitted.v1.json",
        "RequestPending.v1.json",
        "RequestEditApplied.v1.json",
        "RequestApproved.v1.json",
        "AppointmentCancelled.v1.json",
        "RequestRefused.v1.json",
        "RequestDeclined.v1.json",
        "RequestExpired.v1.json",
        "RequestCancelled.v1.json",
    ]
    assert await kinds_made(runtime, story) == sorted(
        [
            "request-received",
            "new-pending-request",
            "request-moved",
            "request-approved",
            "appointment-cancelled",
            "request-refused",
            "request-declined",
            "request-expired",
        ]
    )


async def test_the_older_forms_make_their_notices_from_the_declared_fields_too(runtime) -> None:
    story = [
        "RequestPending.v1.json",
        "RequestApproved.v1.before-portal-user.json",
        "AppointmentCancelled.v1.before-who-and-when.json",
        "RequestDeclined.v1.before-portal-user.json",
        "RequestExpired.v1.before-reason.json",
    ]
    made = await kinds_made(runtime, story)
    assert made == sorted(
        [
            "request-received",
            "new-pending-request",
            "request-approved",
            "appointment-cancelled",
            "request-declined",
            "request-expired",
        ]
    )


async def test_preferred_times_make_their_notices_from_the_declared_fields_alone(runtime) -> None:
    made = await kinds_made(runtime, ["RequestAwaitingTime.v1.json"])
    assert made == ["new-preferred-times-request", "preferred-times-received"]


def test_the_events_the_composer_opens_a_transaction_for_are_those_it_declares() -> None:
    """The composer skips every other event before touching its database (READ_EVENTS): a new
    notice's event must be declared and read, or it would be skipped unseen."""
    from clinic_notifications.service_layer.composing import READ_EVENTS

    declared = {event for event in DECLARED if not any(event == subject(model) for model in SETTINGS_EVENTS)}
    assert {subject(model) for model in READ_EVENTS} == declared
