"""Reading and writing topics directly, as a downstream consumer or a misbehaving producer would."""

import asyncio
import time
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, ConsumerRecord, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient
from aiokafka.structs import RecordMetadata

from servicekit.config import ServiceSettings
from servicekit.kafka_security import client_options as security_options
from servicekit.topic_reading import read_to_end
from tests.infrastructure import KafkaAccess

T = TypeVar("T")


def kafka_settings(kafka: KafkaAccess, as_service: str | None = None) -> ServiceSettings:
    """A service's Kafka settings as the super user, or as the named service's own user."""
    if kafka.admin is None:
        return ServiceSettings(kafka_bootstrap_servers=kafka.bootstrap, kafka_security_protocol="PLAINTEXT")
    user = kafka.admin if as_service is None else kafka.services[as_service]
    return ServiceSettings(
        kafka_bootstrap_servers=kafka.bootstrap,
        kafka_security_protocol=kafka.security_protocol,
        kafka_username=user.username,
        kafka_password=user.password,
    )


def client_options(kafka: KafkaAccess, as_service: str | None = None) -> dict[str, Any]:
    """aiokafka's security arguments, built by the same function the services use."""
    return security_options(kafka_settings(kafka, as_service))


async def read_topic(kafka: KafkaAccess, topic: str) -> list[ConsumerRecord]:
    """Every record currently on the topic, from the beginning, without joining a group."""
    return await read_to_end(kafka.bootstrap, client_options(kafka), [topic])


async def publish_raw(kafka: KafkaAccess, topic: str, value: bytes, key: bytes | None = None) -> None:
    producer = AIOKafkaProducer(bootstrap_servers=kafka.bootstrap, **client_options(kafka), acks="all")
    await producer.start()
    try:
        await producer.send_and_wait(topic, value, key=key)
    finally:
        await producer.stop()


async def redeliver(kafka: KafkaAccess, record: ConsumerRecord) -> RecordMetadata:
    """The record again, exactly as a broker redelivers it (same key, same bytes, so the same
    event id)."""
    producer = AIOKafkaProducer(bootstrap_servers=kafka.bootstrap, **client_options(kafka), acks="all")
    await producer.start()
    try:
        return await producer.send_and_wait(record.topic, record.value, key=record.key)
    finally:
        await producer.stop()


async def until_consumed(kafka: KafkaAccess, group: str, delivered: RecordMetadata, timeout: float = 30) -> None:
    """Wait until consumer group `group` has handled the record: the services' consumers commit an
    offset only once the event was handled (or dead-lettered)."""
    partition = TopicPartition(delivered.topic, delivered.partition)
    admin = AIOKafkaAdminClient(bootstrap_servers=kafka.bootstrap, **client_options(kafka))
    await admin.start()
    try:

        async def committed_past() -> bool:
            offsets = await admin.list_consumer_group_offsets(group, partitions=[partition])
            return partition in offsets and offsets[partition].offset > delivered.offset

        await eventually(committed_past, timeout=timeout, interval=0.2)
    finally:
        await admin.close()


async def eventually(check: Callable[[], Awaitable[T]], *, timeout: float = 20, interval: float = 0.1) -> T:
    """Poll until `check` returns a truthy value; the last failure is raised on timeout."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            result = await check()
            if result:
                return result
            failure: Exception = AssertionError(f"still {result!r}")
        except AssertionError as error:
            failure = error
        if time.monotonic() > deadline:
            raise failure
        await asyncio.sleep(interval)


def wait_until(check: Callable[[], Awaitable[T]], **options: float) -> T:
    """`eventually` for synchronous callers, even where an event loop already runs in the thread
    (Playwright's sync API keeps one): the polling gets a thread (and a loop) of its own."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, eventually(check, **options)).result()


async def lag_of_groups(kafka: KafkaAccess, group_prefix: str) -> dict[str, int]:
    """For each consumer group under `group_prefix` (this run's services), how many records of the
    partitions it has committed on it has not handled yet."""
    admin = AIOKafkaAdminClient(bootstrap_servers=kafka.bootstrap, **client_options(kafka))
    await admin.start()
    try:
        groups = [group for group, _ in await admin.list_consumer_groups() if group.startswith(group_prefix)]
        committed = {group: await admin.list_consumer_group_offsets(group) for group in groups}
    finally:
        await admin.close()
    partitions = sorted({partition for offsets in committed.values() for partition in offsets})
    if not partitions:
        return {}
    consumer = AIOKafkaConsumer(bootstrap_servers=kafka.bootstrap, **client_options(kafka), enable_auto_commit=False)
    await consumer.start()
    try:
        ends = await consumer.end_offsets(partitions)
    finally:
        await consumer.stop()
    return {
        group: sum(max(0, ends[partition] - at.offset) for partition, at in offsets.items() if at.offset >= 0)
        for group, offsets in committed.items()
    }
