"""The broker authenticates every client and lets each service do only what the topic registry
says: against the real broker, as the services connect (servicekit.kafka_security)."""

import asyncio
import uuid

import pytest
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer
from aiokafka.conn import create_conn
from aiokafka.errors import (
    GroupAuthorizationFailedError,
    KafkaConnectionError,
    SaslAuthenticationFailed,
    TopicAuthorizationFailedError,
)
from faststream.kafka import KafkaBroker

from clinic_contracts.topics import APPOINTMENT_REQUESTS, CALENDAR, CLINIC_SETTINGS
from servicekit.kafka_security import broker_security, client_options
from tests.infrastructure import KafkaAccess
from tests.kafka_tools import kafka_settings

pytestmark = pytest.mark.kafka

TIMEOUT = 10  # seconds: every refusal below comes at once; a hang means something else is wrong
FAST = {"request_timeout_ms": 5000}


@pytest.fixture
def secured(kafka: KafkaAccess) -> KafkaAccess:
    if kafka.admin is None:
        pytest.skip("this broker has no authentication (see tests/infrastructure.py)")
    return kafka


def service_broker(kafka: KafkaAccess, service: str) -> KafkaBroker:
    """A broker client exactly as ServiceRuntime builds it, as the service's own Kafka user."""
    settings = kafka_settings(kafka, service)
    return KafkaBroker(kafka.bootstrap, security=broker_security(settings), acks="all", enable_idempotence=True)


async def publish_as(kafka: KafkaAccess, service: str, topic: str) -> None:
    broker = service_broker(kafka, service)
    await asyncio.wait_for(broker.start(), TIMEOUT)
    try:
        # Undecodable on purpose: a consumer of the topic dead-letters it and goes on.
        await asyncio.wait_for(broker.publish(b"security-test", topic, key=uuid.uuid4().bytes), TIMEOUT)
    finally:
        await broker.stop()


async def first_record_as(kafka: KafkaAccess, service: str, topic: str, group_id: str | None = None) -> None:
    consumer = AIOKafkaConsumer(
        topic,
        bootstrap_servers=kafka.bootstrap,
        group_id=group_id,
        auto_offset_reset="earliest",
        enable_auto_commit=False,
        **client_options(kafka_settings(kafka, service)),
        **FAST,
    )
    await asyncio.wait_for(consumer.start(), TIMEOUT)
    try:
        await asyncio.wait_for(consumer.getone(), TIMEOUT)
    finally:
        await consumer.stop()


async def test_a_client_without_credentials_cannot_connect(secured: KafkaAccess) -> None:
    producer = AIOKafkaProducer(bootstrap_servers=secured.bootstrap, security_protocol="PLAINTEXT", **FAST)
    # The SASL listener closes a connection whose first request is not a SASL handshake.
    with pytest.raises(KafkaConnectionError, match="Unable to bootstrap"):
        await asyncio.wait_for(producer.start(), TIMEOUT)
    await producer.stop()


async def test_a_wrong_password_fails_authentication(secured: KafkaAccess) -> None:
    host, port = secured.bootstrap.rsplit(":", 1)
    options = client_options(kafka_settings(secured, "requests")) | {"sasl_plain_password": "not-the-password"}
    options.pop("ssl_context", None)
    with pytest.raises(SaslAuthenticationFailed, match="invalid credentials"):
        await asyncio.wait_for(create_conn(host, int(port), **options, **FAST), TIMEOUT)


async def test_the_right_password_authenticates(secured: KafkaAccess) -> None:
    host, port = secured.bootstrap.rsplit(":", 1)
    options = client_options(kafka_settings(secured, "requests"))
    options.pop("ssl_context", None)
    connection = await asyncio.wait_for(create_conn(host, int(port), **options, **FAST), TIMEOUT)
    connection.close()


async def test_a_service_publishes_to_its_own_topic_with_an_idempotent_producer(secured: KafkaAccess) -> None:
    # No IDEMPOTENT_WRITE ACL exists: WRITE on a topic implies it (KIP-679).
    await publish_as(secured, "requests", APPOINTMENT_REQUESTS.name)


async def test_a_service_cannot_publish_to_another_services_topic(secured: KafkaAccess) -> None:
    with pytest.raises(TopicAuthorizationFailedError, match=CLINIC_SETTINGS.name):
        await publish_as(secured, "requests", CLINIC_SETTINGS.name)


async def test_a_service_may_write_the_dead_letter_topic_of_what_it_consumes_only(secured: KafkaAccess) -> None:
    await publish_as(secured, "availability", APPOINTMENT_REQUESTS.dead_letter)
    with pytest.raises(TopicAuthorizationFailedError, match=CALENDAR.dead_letter):
        await publish_as(secured, "availability", CALENDAR.dead_letter)


async def test_a_service_reads_what_it_consumes(secured: KafkaAccess) -> None:
    await publish_as(secured, "requests", APPOINTMENT_REQUESTS.name)  # so there is a record to read
    await first_record_as(secured, "availability", APPOINTMENT_REQUESTS.name)


async def test_a_service_cannot_read_a_topic_it_does_not_consume(secured: KafkaAccess) -> None:
    # The settings service consumes nothing at all.
    with pytest.raises(TopicAuthorizationFailedError, match=APPOINTMENT_REQUESTS.name):
        await first_record_as(secured, "settings", APPOINTMENT_REQUESTS.name)


async def test_a_service_cannot_join_another_services_consumer_group(
    secured: KafkaAccess, consumer_group_prefix: str
) -> None:
    await publish_as(secured, "requests", APPOINTMENT_REQUESTS.name)  # so there is a record to read
    own = f"{consumer_group_prefix}availability.security-test"
    await first_record_as(secured, "availability", APPOINTMENT_REQUESTS.name, group_id=own)
    # Both read the settings topics; only the group name tells availability from requests.
    group = f"{consumer_group_prefix}requests.settings-replica"
    with pytest.raises(GroupAuthorizationFailedError, match=group):
        await first_record_as(secured, "availability", CLINIC_SETTINGS.name, group_id=group)
