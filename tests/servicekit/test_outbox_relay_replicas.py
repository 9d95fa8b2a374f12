"""Three replicas of a service relay one outbox on PostgreSQL: every key's events reach Kafka in the
order they were staged, none lost, none twice (issue 15)."""

import asyncio
import os
import time
import uuid
from collections import defaultdict

import pytest
from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from faststream.kafka import KafkaBroker
from sqlalchemy import func, select

from clinic_availability.adapters.orm import metadata
from clinic_availability.bootstrap import MIGRATIONS
from clinic_contracts import EventEnvelope, wrap
from clinic_contracts.events import ClinicSettingsChanged
from servicekit.db import create_engine, session_factory
from servicekit.kafka_security import broker_security
from servicekit.migrations import upgrade_to_head
from servicekit.outbox import Outbox, OutboxRelay
from tests.conftest import recreate_database
from tests.examples import REQUEST_POLICY
from tests.kafka_tools import client_options, eventually, kafka_settings, read_topic

pytestmark = [pytest.mark.postgres, pytest.mark.kafka]

REPLICAS = 3
KEYS = 50
EVENTS_PER_KEY = 20  # 1,000 events in all
WRITERS = 25  # two keys each: commits come faster than one relay publishes, so all three are busy


class Replica:
    """What one replica of a service holds: its own engine, outbox (and wake-up), broker and relay."""

    def __init__(self, url: str, kafka) -> None:
        self.engine = create_engine(url)
        self.sessions = session_factory(self.engine)
        self.outbox = Outbox(metadata)
        self.broker = KafkaBroker(
            kafka.bootstrap, security=broker_security(kafka_settings(kafka)), acks="all", enable_idempotence=True
        )
        # Batches smaller than the default: more of them, so more chances for one to overtake another.
        self.relay = OutboxRelay(self.outbox, self.sessions, self.broker, poll_seconds=0.2, batch_size=50)

    async def start(self) -> None:
        await self.broker.start()
        self.relay.start()

    async def stop(self) -> None:
        await self.relay.stop()
        await self.broker.stop()
        await self.engine.dispose()


@pytest.fixture
async def database_url(postgres_url: str) -> str:
    prefix = os.environ.get("TEST_DATABASE_PREFIX", "test")
    url = await recreate_database(postgres_url, f"{prefix}_outbox_relay_replicas")
    engine = create_engine(url)
    await upgrade_to_head(engine, MIGRATIONS)
    await engine.dispose()
    return url


@pytest.fixture
async def topic(kafka) -> str:
    """A topic of the test's own, partitioned as the contract's topics are, read from its start."""
    name = f"test.outbox-relay-replicas.{uuid.uuid4().hex[:8]}"
    admin = AIOKafkaAdminClient(bootstrap_servers=kafka.bootstrap, **client_options(kafka))
    await admin.start()
    try:
        await admin.create_topics([NewTopic(name, 6, 1)])
    finally:
        await admin.close()
    return name


def revision_event(key: uuid.UUID, revision: int) -> ClinicSettingsChanged:
    return ClinicSettingsChanged(
        clinic_id=key,
        name=f"r{revision}",
        time_zone="America/Denver",
        appointment_requests_enabled=True,
        request_policy=REQUEST_POLICY,
        revision=revision,
    )


async def write_in_order(replicas: list[Replica], topic: str, keys: list[uuid.UUID]) -> None:
    """Stages each key's revisions one transaction at a time, the next only once the one before
    committed, as a request's cancel follows its submit. One after the other the transactions go
    to the next replica, as a load balancer spreads a client's calls; each wakes that replica's relay."""
    for number, (key, revision) in enumerate((k, r) for k in keys for r in range(1, EVENTS_PER_KEY + 1)):
        replica = replicas[number % len(replicas)]
        async with replica.sessions.begin() as session:
            envelope = wrap(revision_event(key, revision), clinic_id=key)
            await replica.outbox.add(session, envelope, topic=topic, key=str(key))


async def test_three_relays_publish_every_key_in_staging_order_exactly_once(database_url, topic, kafka) -> None:
    replicas = [Replica(database_url, kafka) for _ in range(REPLICAS)]
    keys = [uuid.uuid4() for _ in range(KEYS)]
    for replica in replicas:
        await replica.start()
    try:
        started = time.monotonic()
        await asyncio.gather(*(write_in_order(replicas, topic, keys[w::WRITERS]) for w in range(WRITERS)))
        staged = time.monotonic()

        async def all_published() -> bool:
            async with replicas[0].sessions() as session:
                table = replicas[0].outbox.table
                unsent = await session.scalar(
                    select(func.count()).select_from(table).where(table.c.published_at.is_(None))
                )
            return unsent == 0

        await eventually(all_published, timeout=120, interval=0.2)
        print(f"staged in {staged - started:.1f} s, all published {time.monotonic() - staged:.1f} s later")
    finally:
        for replica in replicas:
            await replica.stop()

    received: dict[bytes, list[int]] = defaultdict(list)
    for record in sorted(await read_topic(kafka, topic), key=lambda r: (r.partition, r.offset)):
        received[record.key].append(EventEnvelope.from_bytes(record.value).payload["revision"])
    staged_order = list(range(1, EVENTS_PER_KEY + 1))
    # Any event lost, sent twice or overtaken shows as a key whose revisions differ from these.
    not_as_staged = {key: revisions for key, revisions in received.items() if revisions != staged_order}
    print(
        f"{sum(map(len, received.values()))} events over {len(received)} keys; {len(not_as_staged)} keys not as staged"
    )
    assert set(received) == {str(key).encode() for key in keys}
    assert not_as_staged == {}
