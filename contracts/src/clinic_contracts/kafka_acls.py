"""Who may do what on the broker: Kafka ACLs derived from the topic registry alone.

Each service may write the topics it owns, read the topics it consumes and write their
dead-letter topics (its consumer dead-letters there), and join only its own consumer groups.
Nothing else: the broker runs with allow.everyone.if.no.acl.found=false.

Idempotent producers need no ACL of their own: since Kafka 2.8 (KIP-679) WRITE on any topic
implies IDEMPOTENT_WRITE on the cluster, and READ or WRITE imply DESCRIBE.

aiokafka's admin client has no create_acls (and Kafka 4 refuses the CreateAcls versions its
protocol module speaks), so ACLs leave here as kafka-acls.sh arguments.
"""

from dataclasses import dataclass
from itertools import groupby

from clinic_contracts.topics import ALL_TOPICS


@dataclass(frozen=True, order=True)
class Acl:
    principal: str
    operation: str  # as kafka-acls.sh spells it: Read, Write
    resource: str  # topic or group
    name: str
    pattern: str = "literal"  # or prefixed


def service_users() -> tuple[str, ...]:
    """The SCRAM users the broker needs: one per service that owns or reads a topic."""
    names = {topic.owner for topic in ALL_TOPICS} | {reader for topic in ALL_TOPICS for reader in topic.readers}
    return tuple(sorted(names))


def principal(service: str) -> str:
    return f"User:{service}"


def topic_acls() -> list[Acl]:
    acls = set()
    for topic in ALL_TOPICS:
        acls.add(Acl(principal(topic.owner), "Write", "topic", topic.name))
        for reader in topic.readers:
            acls.add(Acl(principal(reader), "Read", "topic", topic.name))
            acls.add(Acl(principal(reader), "Write", "topic", topic.dead_letter))
    return sorted(acls)


def consumer_group_acls(consumer_group_prefix: str = "") -> list[Acl]:
    """READ on the groups `{prefix}{service}.*` (servicekit names them `{prefix}{service}.{purpose}`).

    Kafka matches a PREFIXED pattern only at the start of a name, so the deployment's
    CONSUMER_GROUP_PREFIX is part of the pattern: a new prefix needs these ACLs again. The
    alternative, READ on every group (`*`), would let one service commit offsets in another's
    group for a topic both read, making it skip events.
    """
    readers = sorted({reader for topic in ALL_TOPICS for reader in topic.readers})
    return [
        Acl(principal(reader), "Read", "group", f"{consumer_group_prefix}{reader}.", pattern="prefixed")
        for reader in readers
    ]


def planned_acls(consumer_group_prefix: str = "") -> list[Acl]:
    return topic_acls() + consumer_group_acls(consumer_group_prefix)


def kafka_acls_arguments(acls: list[Acl]) -> list[list[str]]:
    """One kafka-acls.sh call per principal, operation, resource type and pattern type (the tool
    adds the product of its principals, operations and resources, so only those can share a call)."""

    def batch(acl: Acl) -> tuple[str, str, str, str]:
        return acl.principal, acl.operation, acl.resource, acl.pattern

    calls = []
    for (who, operation, resource, pattern), same in groupby(sorted(acls, key=batch), key=batch):
        call = ["--add", "--allow-principal", who, "--operation", operation, "--resource-pattern-type", pattern]
        for acl in same:
            call += [f"--{resource}", acl.name]
        calls.append(call)
    return calls
