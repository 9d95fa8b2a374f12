"""Retry-then-dead-letter behaviour of every consumer, in memory (FastStream's TestKafkaBroker).

The same consumer runs against the real broker in tests/e2e.
"""

import uuid

import anyio
import pytest
from faststream.kafka import KafkaBroker, TestKafkaBroker
from faststream.kafka.annotations import KafkaMessage

from clinic_contracts import EventEnvelope, wrap
from clinic_contracts.events import ClinicSettingsChanged
from clinic_contracts.topics import CLINIC_SETTINGS
from servicekit.consumer import subscribe
from tests.sample_events import sample


def envelope_bytes() -> bytes:
    event = sample(ClinicSettingsChanged)
    return wrap(event, clinic_id=event.clinic_id).to_bytes()


def broker_with(handler, dead_letters: list) -> KafkaBroker:
    broker = KafkaBroker()
    subscribe(broker, [CLINIC_SETTINGS], group_id="test", handle=handler, attempts=3, retry_delay_seconds=0)

    @broker.subscriber(CLINIC_SETTINGS.dead_letter)
    async def capture(message: KafkaMessage) -> None:
        dead_letters.append(message.body)

    return broker


async def test_a_failure_that_passes_is_retried_and_not_dead_lettered() -> None:
    calls, dead = [], []

    async def flaky(envelope, event) -> None:
        calls.append(event)
        if len(calls) < 3:
            raise RuntimeError("database is restarting")

    broker = broker_with(flaky, dead)
    async with TestKafkaBroker(broker) as test_broker:
        await test_broker.publish(envelope_bytes(), CLINIC_SETTINGS.name)
    assert len(calls) == 3
    assert dead == []


async def test_a_persistent_failure_goes_to_the_dead_letter_topic_after_the_last_attempt() -> None:
    calls, dead = [], []

    async def broken(envelope, event) -> None:
        calls.append(event)
        raise RuntimeError("bug")

    broker = broker_with(broken, dead)
    raw = envelope_bytes()
    async with TestKafkaBroker(broker) as test_broker:
        await test_broker.publish(raw, CLINIC_SETTINGS.name)
    assert len(calls) == 3
    assert dead == [raw]


@pytest.mark.parametrize("garbage", [b"not json", b'{"event_type": "Nope"}', b"{}"])
async def test_an_undecodable_message_is_dead_lettered_without_calling_the_handler(garbage: bytes) -> None:
    calls, dead = [], []

    async def handler(envelope, event) -> None:
        calls.append(event)

    broker = broker_with(handler, dead)
    async with TestKafkaBroker(broker) as test_broker:
        await test_broker.publish(garbage, CLINIC_SETTINGS.name)
    assert calls == []
    assert dead == [garbage]


def envelope_of(event_type: str, payload: dict) -> bytes:
    return EventEnvelope(event_type=event_type, schema_version=1, clinic_id=uuid.uuid4(), payload=payload).to_bytes()


@pytest.mark.parametrize(
    ("poison", "kind"),
    [
        (b"not json", "undecodable"),
        (b'{"event_type": "Nope"}', "undecodable"),
        (envelope_of("ClinicMerged", {}), "unknown event"),
        (envelope_of(ClinicSettingsChanged.event_type, {"name": 42}), "invalid payload"),
        (envelope_bytes(), "handler failed"),
    ],
)
async def test_each_kind_of_poison_message_is_dead_lettered_under_a_reason_naming_it(poison: bytes, kind: str) -> None:
    reasons = []

    async def broken(envelope, event) -> None:
        raise RuntimeError("bug")

    broker = KafkaBroker()
    subscribe(broker, [CLINIC_SETTINGS], group_id="test", handle=broken, attempts=2, retry_delay_seconds=0)

    @broker.subscriber(CLINIC_SETTINGS.dead_letter)
    async def capture(message: KafkaMessage) -> None:
        reasons.append(message.headers["x-dead-letter-reason"])

    async with TestKafkaBroker(broker) as test_broker:
        await test_broker.publish(poison, CLINIC_SETTINGS.name)
    [reason] = reasons
    assert reason.startswith(f"{kind}: "), reason


async def test_a_database_outage_is_waited_out_however_long_it_lasts_and_never_dead_lettered() -> None:
    """Three quick attempts are for an event the handler fails on; a database restarting takes
    longer than they do, and the event is not at fault (the chaos suite lost events to it)."""
    calls, dead = [], []
    unreachable = ConnectionRefusedError(111, "Connect call failed ('127.0.0.1', 5432)")

    async def database_restarting(envelope, event) -> None:
        calls.append(event)
        if len(calls) <= 6:
            raise unreachable

    broker = broker_with(database_restarting, dead)
    async with TestKafkaBroker(broker) as test_broker:
        await test_broker.publish(envelope_bytes(), CLINIC_SETTINGS.name)
    assert len(calls) == 7
    assert dead == []


async def test_an_event_is_consumed_without_a_hop_to_a_worker_thread(monkeypatch) -> None:
    """FastDepends resolves a plain-function custom field (FastStream's `Context("message")`) in a
    worker thread: a thread hop and two context switches per event. The consumer's own fields are
    looked up on the loop (servicekit.consumer._OnTheLoop); this fails if one goes back."""
    hops, handled = [], []
    run_sync = anyio.to_thread.run_sync

    async def counting(function, *args, **kwargs):
        hops.append(getattr(function, "func", function))
        return await run_sync(function, *args, **kwargs)

    monkeypatch.setattr(anyio.to_thread, "run_sync", counting)

    async def handle(envelope, event) -> None:
        handled.append(event)

    broker = KafkaBroker()
    subscribe(broker, [CLINIC_SETTINGS], group_id="test", handle=handle, attempts=1, retry_delay_seconds=0)
    async with TestKafkaBroker(broker) as test_broker:
        await test_broker.publish(envelope_bytes(), CLINIC_SETTINGS.name)
    assert len(handled) == 1
    assert hops == []
