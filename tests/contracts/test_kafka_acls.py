"""The Kafka ACLs come from the topic registry, and the registry says what the services really do:
each service's subscriptions, read from its own app, are exactly the topics naming it a reader."""

import pytest

from clinic_availability.bootstrap import create_app as availability_app
from clinic_availability.config import AvailabilityServiceSettings
from clinic_contracts.kafka_acls import Acl, consumer_group_acls, kafka_acls_arguments, planned_acls, service_users
from clinic_contracts.topics import ACCOUNT_LINKS, ALL_TOPICS, APPOINTMENT_REQUESTS, CALENDAR, SETTINGS_TOPICS
from clinic_requests.bootstrap import create_app as requests_app
from clinic_requests.config import RequestsServiceSettings
from clinic_settings.bootstrap import create_app as settings_app
from clinic_settings.config import SettingsServiceSettings
from servicekit.actor_tokens import SigningKey

PREFIX = "run-test."
APPS = {
    "settings": lambda: settings_app(SettingsServiceSettings(**credentials("settings"))),
    "availability": lambda: availability_app(AvailabilityServiceSettings(**credentials("availability"))),
    "requests": lambda: requests_app(RequestsServiceSettings(**credentials("requests"))),
}


def credentials(service: str) -> dict:
    # Building an app connects to nothing; credentials and keys only satisfy the settings.
    return {
        "kafka_username": service,
        "kafka_password": "unused",
        "consumer_group_prefix": PREFIX,
        "internal_token_public_keys": SigningKey.generate("unused").public_text(),
    }


def subscriptions(service: str) -> tuple[set[str], set[str]]:
    broker = APPS[service]().state.runtime.broker
    topics = {topic for subscriber in broker.subscribers for topic in subscriber.topic_names}
    groups = {subscriber.group_id for subscriber in broker.subscribers}
    return topics, groups


@pytest.mark.parametrize("service", sorted(APPS))
def test_a_service_subscribes_to_exactly_the_topics_naming_it_a_reader(service: str) -> None:
    topics, _ = subscriptions(service)
    assert topics == {topic.name for topic in ALL_TOPICS if service in topic.readers}


@pytest.mark.parametrize("service", sorted(APPS))
def test_a_services_consumer_groups_fall_under_its_group_acl(service: str) -> None:
    _, groups = subscriptions(service)
    allowed = [acl.name for acl in consumer_group_acls(PREFIX) if acl.principal == f"User:{service}"]
    assert all(any(group.startswith(prefix) for prefix in allowed) for group in groups)


def test_every_service_with_a_topic_has_a_kafka_user_and_the_gateway_none() -> None:
    assert service_users() == ("availability", "notifications", "requests", "settings")


def test_each_service_writes_what_it_owns_and_the_dead_letters_of_what_it_reads() -> None:
    writes = {(acl.principal, acl.name) for acl in planned_acls() if acl.operation == "Write"}
    assert {name for who, name in writes if who == "User:settings"} == {
        *(topic.name for topic in SETTINGS_TOPICS),
        ACCOUNT_LINKS.name,
    }
    assert {name for who, name in writes if who == "User:requests"} == {
        APPOINTMENT_REQUESTS.name,
        CALENDAR.dead_letter,
        *(topic.dead_letter for topic in SETTINGS_TOPICS),
    }


def test_only_the_notifications_service_reads_the_account_links() -> None:
    """They carry one-time links, secrets until used: no other service's user may read them."""
    readers = {acl.principal for acl in planned_acls() if acl.operation == "Read" and acl.name == ACCOUNT_LINKS.name}
    assert readers == {"User:notifications"}
    assert ACCOUNT_LINKS.retention_ms is not None and ACCOUNT_LINKS.retention_ms <= 7 * 24 * 3600 * 1000


def test_nobody_reads_a_dead_letter_topic_and_settings_reads_nothing() -> None:
    reads = [acl for acl in planned_acls() if acl.operation == "Read" and acl.resource == "topic"]
    assert not [acl for acl in reads if acl.name.endswith(".dlq")]
    assert not [acl for acl in reads if acl.principal == "User:settings"]


def test_group_acls_are_prefixed_with_the_deployments_group_prefix() -> None:
    assert consumer_group_acls("blue.") == [
        Acl("User:availability", "Read", "group", "blue.availability.", "prefixed"),
        Acl("User:notifications", "Read", "group", "blue.notifications.", "prefixed"),
        Acl("User:requests", "Read", "group", "blue.requests.", "prefixed"),
    ]


def test_one_kafka_acls_call_per_principal_operation_and_resource_kind() -> None:
    calls = kafka_acls_arguments(planned_acls())
    # Read, Write (its dead letters) and its groups for each of the three readers; Write for the
    # owners: settings, and availability and requests, which read too.
    assert len(calls) == 10
    assert [
        "--add", "--allow-principal", "User:settings", "--operation", "Write", "--resource-pattern-type", "literal",
        *[arg for topic in sorted(t.name for t in (*SETTINGS_TOPICS, ACCOUNT_LINKS)) for arg in ("--topic", topic)],
    ] in calls  # fmt: skip
