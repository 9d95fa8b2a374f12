"""Creating the contract's topics up front (and their dead-letter topics) on a broker.

Run as `python -m clinic_contracts.admin --bootstrap HOST:PORT`.
"""

import argparse
import asyncio

from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import TopicAlreadyExistsError

from clinic_contracts.topics import ALL_TOPICS


def planned_topics(replication_factor: int = 1) -> list[NewTopic]:
    planned = []
    for topic in ALL_TOPICS:
        config = {"cleanup.policy": "compact"} if topic.compacted else {}
        planned.append(NewTopic(topic.name, topic.partitions, replication_factor, topic_configs=config))
        planned.append(NewTopic(topic.dead_letter, 1, replication_factor))
    return planned


async def ensure_topics(bootstrap_servers: str, replication_factor: int = 1) -> list[str]:
    """Create every missing topic; returns the names created."""
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap_servers)
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--bootstrap", required=True)
    parser.add_argument("--replication-factor", type=int, default=1)
    args = parser.parse_args()
    created = asyncio.run(ensure_topics(args.bootstrap, args.replication_factor))
    print(f"topics created: {', '.join(created) if created else 'none (all present)'}")


if __name__ == "__main__":
    main()
