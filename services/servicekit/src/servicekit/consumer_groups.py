"""A service's consumer groups: where they stand, and moving them back so events are read again.

    python -m servicekit.consumer_groups show GROUP [GROUP ...]
    python -m servicekit.consumer_groups reset GROUP [GROUP ...] --to-datetime 2026-12-07T06:00:00Z
    python -m servicekit.consumer_groups reset GROUP [GROUP ...] --to-earliest

After a service's database is restored from a backup, the events it consumed since the backup are
gone from it while its groups' committed offsets are newer: `reset --to-datetime` (the backup's
time, less a margin) makes it read them again, and its inbox skips those the backup had already
applied. `--to-earliest` rebuilds what is read whole, such as the settings replica. What
kafka-consumer-groups.sh --reset-offsets does, for a broker installed without Kafka's scripts.

Stop every process of the group first: the broker refuses to move the offsets of a group with
members. Groups are named `{CONSUMER_GROUP_PREFIX}{service}.{purpose}` (servicekit.runtime). The broker
and the operator's Kafka user come as for `python -m clinic_contracts.admin`: --bootstrap (default
KAFKA_BOOTSTRAP_SERVERS), KAFKA_USERNAME and KAFKA_PASSWORD, or KAFKA_CREDENTIALS_FILE.
"""

from __future__ import annotations

import argparse
import asyncio
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from aiokafka import AIOKafkaConsumer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient
from aiokafka.errors import KafkaError
from aiokafka.structs import OffsetAndMetadata

from clinic_contracts.admin import client_options_from_env
from servicekit.kafka_commands import KafkaCommand


async def committed_offsets(bootstrap: str, client_options: Mapping[str, Any], group: str) -> dict[TopicPartition, int]:
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap, **client_options)
    await admin.start()
    try:
        offsets = await admin.list_consumer_group_offsets(group)
    finally:
        await admin.close()
    return {partition: committed.offset for partition, committed in offsets.items() if committed.offset >= 0}


async def reset_offsets(
    bootstrap: str, client_options: Mapping[str, Any], group: str, to: datetime | None
) -> dict[TopicPartition, tuple[int, int]]:
    """Commit, for each partition the group has committed on, the first offset at or after `to`
    (the end when nothing is that new), or the beginning when `to` is None. Returns the offsets
    moved, from and to."""
    before = await committed_offsets(bootstrap, client_options, group)
    if not before:
        raise LookupError(f"group {group} has committed no offsets (a new group starts from the beginning anyway)")
    partitions = sorted(before)
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, **client_options, group_id=group, enable_auto_commit=False)
    await consumer.start()
    try:
        # Assigned, not subscribed: the tool never joins the group, it only commits for it, which
        # the broker allows while the group has no members.
        consumer.assign(partitions)
        if to is None:
            target = await consumer.beginning_offsets(partitions)
        else:
            found = await consumer.offsets_for_times({tp: int(to.timestamp() * 1000) for tp in partitions})
            ends = await consumer.end_offsets(partitions)
            target = {tp: found[tp].offset if found[tp] is not None else ends[tp] for tp in partitions}
        await consumer.commit({tp: OffsetAndMetadata(offset, "") for tp, offset in target.items()})
    finally:
        await consumer.stop()
    return {tp: (before[tp], target[tp]) for tp in partitions}


def _moment(text: str) -> datetime:
    moment = datetime.fromisoformat(text)
    if moment.tzinfo is None:
        raise argparse.ArgumentTypeError(f"{text!r} names no time zone; add Z or an offset")
    return moment


def _partition(tp: TopicPartition) -> str:
    return f"{tp.topic}:{tp.partition}"


def main(argv: Sequence[str] | None = None) -> int:
    cli = KafkaCommand("servicekit.consumer_groups", __doc__)
    show = cli.command("show", help="each group's committed offsets")
    show.add_argument("groups", nargs="+", metavar="GROUP")
    reset = cli.command("reset", help="move groups back (their processes stopped)")
    reset.add_argument("groups", nargs="+", metavar="GROUP")
    target = reset.add_mutually_exclusive_group(required=True)
    target.add_argument("--to-datetime", type=_moment, help="ISO 8601 with a zone, e.g. 2026-12-07T06:00:00Z")
    target.add_argument("--to-earliest", action="store_true")
    args = cli.parse(argv)
    options = client_options_from_env()
    for group in args.groups:
        if args.command == "show":
            for tp, offset in sorted(asyncio.run(committed_offsets(args.bootstrap, options, group)).items()):
                print(f"{group}  {_partition(tp)}  {offset}")
            continue
        try:
            moment = None if args.to_earliest else args.to_datetime
            moved = asyncio.run(reset_offsets(args.bootstrap, options, group, moment))
        except (LookupError, KafkaError) as error:
            # A group with members: CommitFailedError or an unknown-member error from the broker.
            cli.parser.exit(1, f"{group}: not reset: {error!r}. Stop every process of the group first.\n")
        for tp, (before, after) in sorted(moved.items()):
            print(f"{group}  {_partition(tp)}  {before} -> {after}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
