"""Reading whole topics as they stand, without a consumer group: for operators' tools (dead letters)
and for tests that look at what was published."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from typing import Any

from aiokafka import AIOKafkaConsumer, ConsumerRecord


async def read_to_end(bootstrap: str, client_options: Mapping[str, Any], topics: list[str]) -> list[ConsumerRecord]:
    """Every record now on `topics`, from the beginning, ordered by topic, partition and offset."""
    # No group_id: partitions are assigned directly and no offset is ever committed, so reading
    # can neither move a service's group nor need an ACL on one.
    consumer = AIOKafkaConsumer(
        *topics,
        bootstrap_servers=bootstrap,
        **client_options,
        group_id=None,
        enable_auto_commit=False,
        auto_offset_reset="earliest",
    )
    await consumer.start()
    try:
        while not consumer.assignment():
            await asyncio.sleep(0.05)
        partitions = sorted(consumer.assignment())
        await consumer.seek_to_beginning(*partitions)
        ends = await consumer.end_offsets(partitions)
        records: list[ConsumerRecord] = []
        while [tp for tp in partitions if await consumer.position(tp) < ends[tp]]:
            for batch in (await consumer.getmany(timeout_ms=1000)).values():
                records.extend(batch)
        return sorted(records, key=lambda r: (r.topic, r.partition, r.offset))
    finally:
        await consumer.stop()
