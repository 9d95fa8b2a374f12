"""Offsets committed in batches, against the real broker: a burst of events is committed in a few
commits, every handled event is committed, and what was handled but not committed when a consumer
stops uncleanly comes again to the next one (the inboxes make that harmless)."""

import asyncio
import uuid

import pytest
from aiokafka import AIOKafkaProducer, ConsumerRecord, TopicPartition
from faststream.kafka import KafkaBroker

from clinic_contracts import wrap
from clinic_contracts.topics import CLINIC_SETTINGS
from servicekit.consumer import subscribe
from servicekit.kafka_security import broker_security
from servicekit.offset_commits import BatchedOffsetCommits
from tests.kafka_tools import client_options, eventually, kafka_settings, until_consumed
from tests.sample_events import sample

BURST = 40


def clinic_event(clinic_id: uuid.UUID) -> bytes:
    from clinic_contracts.events import ClinicSettingsChanged

    return wrap(sample(ClinicSettingsChanged, clinic_id=clinic_id), clinic_id=clinic_id).to_bytes()


def all_of(ours: list[uuid.UUID], seen: list[uuid.UUID]):
    async def check() -> bool:
        return set(ours) <= set(seen)

    return check


async def produce_burst(kafka, clinic_ids: list[uuid.UUID]):
    producer = AIOKafkaProducer(bootstrap_servers=kafka.bootstrap, **client_options(kafka))
    await producer.start()
    try:
        sent = [await producer.send(CLINIC_SETTINGS.name, clinic_event(i), key=str(i).encode()) for i in clinic_ids]
        return [await delivery for delivery in sent]
    finally:
        await producer.stop()


def consuming_broker(kafka, group: str, seen: list, offsets: BatchedOffsetCommits) -> KafkaBroker:
    broker = KafkaBroker(kafka.bootstrap, security=broker_security(kafka_settings(kafka)))

    async def handle(envelope, event) -> None:
        seen.append(event.clinic_id)

    subscribe(broker, [CLINIC_SETTINGS], group_id=group, handle=handle, offsets=offsets)
    return broker


async def consume_until_seen(
    kafka, group: str, ours: list[uuid.UUID], offsets: BatchedOffsetCommits, *, stop_commits: bool
) -> None:
    """A consumer in `group` runs until it has handled all of `ours`, then stops (with `stop_commits`,
    committing what it handled first)."""
    seen: list[uuid.UUID] = []
    broker = consuming_broker(kafka, group, seen, offsets)
    await broker.start()
    try:
        await eventually(all_of(ours, seen), timeout=60)
    finally:
        if stop_commits:
            await offsets.stop()
        await broker.stop()


@pytest.mark.kafka
async def test_a_burst_is_committed_in_a_few_commits_and_every_handled_event_is_committed(kafka) -> None:
    ours = [uuid.uuid4() for _ in range(BURST)]
    delivered = await produce_burst(kafka, ours)
    group, seen, offsets = f"batch-{uuid.uuid4()}", [], BatchedOffsetCommits()
    broker = consuming_broker(kafka, group, seen, offsets)
    await broker.start()
    try:
        await eventually(all_of(ours, seen), timeout=60)
        last_of_each_partition = {}
        for record in delivered:
            last_of_each_partition[record.partition] = max(
                last_of_each_partition.get(record.partition, record), record, key=lambda r: r.offset
            )
        for record in last_of_each_partition.values():
            await until_consumed(kafka, group, record, timeout=30)
    finally:
        await offsets.stop()
        await broker.stop()
    # The topic holds the other tests' clinics too: the group read them all, in far fewer commits.
    assert len(seen) >= BURST and 0 < offsets.commits_made <= len(seen) // 4, (offsets.commits_made, len(seen))


@pytest.mark.kafka
async def test_what_was_handled_but_not_committed_comes_again_to_the_next_consumer(kafka) -> None:
    ours = [uuid.uuid4() for _ in range(5)]
    await produce_burst(kafka, ours)
    group = f"batch-{uuid.uuid4()}"
    # An interval no test waits for: the first consumer stops with its offsets uncommitted, as a
    # killed process would.
    never = BatchedOffsetCommits(interval_seconds=3600)
    await consume_until_seen(kafka, group, ours, never, stop_commits=False)
    assert never.commits_made == 0

    await consume_until_seen(kafka, group, ours, BatchedOffsetCommits(), stop_commits=True)


class SlowCommits:
    """Records what a consumer is asked to commit; each commit takes a while, as a round trip does."""

    def __init__(self) -> None:
        self.committed: list[dict] = []

    async def commit(self, offsets: dict) -> None:
        await asyncio.sleep(0.05)
        self.committed.append(dict(offsets))


async def test_what_is_handled_while_a_commit_is_under_way_is_committed_too() -> None:
    offsets, consumer = BatchedOffsetCommits(interval_seconds=0.01), SlowCommits()
    offsets.handled(consumer, ConsumerRecord("t", 0, 1, 0, 0, None, None, None, -1, -1, []))
    await asyncio.sleep(0.03)  # the first batch's commit is now under way
    offsets.handled(consumer, ConsumerRecord("t", 0, 2, 0, 0, None, None, None, -1, -1, []))
    for _ in range(50):
        if consumer.committed and consumer.committed[-1] == {TopicPartition("t", 0): 3}:
            break
        await asyncio.sleep(0.02)
    assert consumer.committed == [{TopicPartition("t", 0): 2}, {TopicPartition("t", 0): 3}]
