"""Committing consumed offsets in batches, once the events before them are handled.

Committing after every event costs a round trip to the broker's group coordinator (and a write to
`__consumer_offsets`) per event. Here a subscriber records each event it has handled (or
dead-lettered), and the offsets are committed together a moment later: a burst of events costs
one commit per partition. Only handled events are ever committed, so a crash loses nothing: what
was handled but not yet committed is delivered again after a restart or a rebalance, and every
handler is idempotent through its inbox (servicekit.inbox), so that changes nothing.
"""

import asyncio
import logging
from contextlib import suppress

from aiokafka import AIOKafkaConsumer, ConsumerRecord, TopicPartition

log = logging.getLogger(__name__)

# Long enough to gather a burst, short enough that a consumer group's lag reads true.
DEFAULT_INTERVAL_SECONDS = 0.05


class BatchedOffsetCommits:
    def __init__(self, interval_seconds: float = DEFAULT_INTERVAL_SECONDS) -> None:
        self.interval_seconds = interval_seconds
        # Per consumer (one per subscriber), the next offset to read of each partition.
        self._pending: dict[AIOKafkaConsumer, dict[TopicPartition, int]] = {}
        self._flush_task: asyncio.Task | None = None
        self.commits_made = 0

    def handled(self, consumer: AIOKafkaConsumer, record: ConsumerRecord) -> None:
        """`record` is handled: its offset may be committed with the next batch."""
        offsets = self._pending.setdefault(consumer, {})
        partition = TopicPartition(record.topic, record.partition)
        offsets[partition] = max(offsets.get(partition, 0), record.offset + 1)
        if self._flush_task is None or self._flush_task.done():
            self._flush_task = asyncio.get_running_loop().create_task(self._flush_soon(), name="offset-commits")

    async def _flush_soon(self) -> None:
        # Until nothing waits: what is handled while a commit is under way goes with the next one
        # (the loop's check and the task's end have no await between them, so `handled` either
        # adds to what this task will commit or finds it done and starts another).
        while self._pending:
            await asyncio.sleep(self.interval_seconds)
            await self.flush()

    async def flush(self) -> None:
        """Commit what is handled now (also before the consumers stop)."""
        pending, self._pending = self._pending, {}
        for consumer, offsets in pending.items():
            try:
                await consumer.commit(offsets)
                self.commits_made += 1
            except Exception as error:
                log.warning("committing offsets %s failed (they will be delivered again): %s", offsets, error)

    async def stop(self) -> None:
        if self._flush_task is not None and not self._flush_task.done():
            self._flush_task.cancel()
            with suppress(asyncio.CancelledError):
                await self._flush_task
        await self.flush()
