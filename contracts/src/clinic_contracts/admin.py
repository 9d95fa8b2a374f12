"""Creating the contract's topics up front (and their dead-letter topics) on a broker, and
printing the ACLs each service needs on them.

    python -m clinic_contracts.admin --bootstrap HOST:PORT     create missing topics
    python -m clinic_contracts.admin --print-acls              kafka-acls.sh arguments, one call a line

The admin client authenticates like the services, from KAFKA_SECURITY_PROTOCOL (default
SASL_PLAINTEXT), KAFKA_SASL_MECHANISM (default SCRAM-SHA-512), KAFKA_USERNAME and KAFKA_PASSWORD
(or KAFKA_PASSWORD_FILE), with a user allowed to create topics (the super user). Without
KAFKA_USERNAME, the admin credentials of KAFKA_CREDENTIALS_FILE (kafka.sh's credentials.env) are used.
"""

import argparse
import asyncio
import os
import shlex
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import TopicAlreadyExistsError
from aiokafka.helpers import create_ssl_context

from clinic_contracts.kafka_acls import kafka_acls_arguments, planned_acls
from clinic_contracts.topics import ALL_TOPICS


def planned_topics(replication_factor: int = 1) -> list[NewTopic]:
    planned = []
    for topic in ALL_TOPICS:
        retention = {"retention.ms": str(topic.retention_ms)} if topic.retention_ms else {}
        config = {"cleanup.policy": "compact"} if topic.compacted else {}
        planned.append(NewTopic(topic.name, topic.partitions, replication_factor, topic_configs=config | retention))
        planned.append(NewTopic(topic.dead_letter, 1, replication_factor, topic_configs=retention))
    return planned


async def ensure_topics(
    bootstrap_servers: str, replication_factor: int = 1, client_options: Mapping[str, Any] | None = None
) -> list[str]:
    """Create every missing topic; returns the names created. `client_options` are aiokafka's
    security arguments (security_protocol, sasl_mechanism, sasl_plain_username, ...)."""
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap_servers, **(client_options or {}))
    await admin.start()
    try:
        existing = set(await admin.list_topics())
        missing = [t for t in planned_topics(replication_factor) if t.name not in existing]
        if missing:
            try:
                await admin.create_topics(missing)
            except TopicAlreadyExistsError:
                pass  # another process created them meanwhile
        return [t.name for t in missing]
    finally:
        await admin.close()


def client_options_from_env(environ: Mapping[str, str] = os.environ) -> dict[str, Any]:
    protocol = environ.get("KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT")
    if protocol == "PLAINTEXT":
        return {}
    username, password = environ.get("KAFKA_USERNAME"), environ.get("KAFKA_PASSWORD")
    if not password and (password_file := environ.get("KAFKA_PASSWORD_FILE")):
        password = Path(password_file).read_text().strip()
    if not username and (credentials_file := environ.get("KAFKA_CREDENTIALS_FILE")):
        credentials = read_env_file(Path(credentials_file))
        username, password = credentials["KAFKA_ADMIN_USERNAME"], credentials["KAFKA_ADMIN_PASSWORD"]
    if not username or not password:
        raise SystemExit(f"{protocol} needs KAFKA_USERNAME and KAFKA_PASSWORD (or KAFKA_CREDENTIALS_FILE)")
    options = {
        "security_protocol": protocol,
        "sasl_mechanism": environ.get("KAFKA_SASL_MECHANISM", "SCRAM-SHA-512"),
        "sasl_plain_username": username,
        "sasl_plain_password": password,
    }
    if protocol == "SASL_SSL":
        options["ssl_context"] = create_ssl_context()
    return options


def read_env_file(path: Path) -> dict[str, str]:
    """KEY=value lines, as kafka.sh writes credentials.env (no quoting, # comments)."""
    pairs = {}
    for line in path.read_text().splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            key, _, value = line.partition("=")
            pairs[key.strip()] = value.strip()
    return pairs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bootstrap", help="create the missing topics on this broker")
    parser.add_argument("--replication-factor", type=int, default=1)
    parser.add_argument("--print-acls", action="store_true", help="print kafka-acls.sh arguments, one call a line")
    parser.add_argument(
        "--consumer-group-prefix",
        default=os.environ.get("CONSUMER_GROUP_PREFIX", ""),
        help="the services' CONSUMER_GROUP_PREFIX (default: that variable), part of the group ACLs",
    )
    args = parser.parse_args()
    if not args.bootstrap and not args.print_acls:
        parser.error("give --bootstrap, --print-acls or both")
    if args.bootstrap:
        created = asyncio.run(ensure_topics(args.bootstrap, args.replication_factor, client_options_from_env()))
        # stderr: stdout carries only the ACL lines, for a pipe into kafka-acls.
        print(f"topics created: {', '.join(created) if created else 'none (all present)'}", file=sys.stderr)
    if args.print_acls:
        for call in kafka_acls_arguments(planned_acls(args.consumer_group_prefix)):
            print(shlex.join(call))


if __name__ == "__main__":
    main()
