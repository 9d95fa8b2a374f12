"""At-least-once consumption: bounded retries, then the event goes to the dead-letter topic.
An outage (the database unreachable: servicekit.outages) is no attempt: it is waited out.

An offset is committed only after its event was handled or dead-lettered, in batches
(servicekit.offset_commits): if even the dead-letter publish fails, the consumer goes back to the
event (nack: a seek to its offset), so it is delivered again rather than lost.
"""

import asyncio
import logging
from collections.abc import Awaitable, Callable, Sequence

from faststream import AckPolicy
from faststream.kafka import KafkaBroker
from faststream.kafka.annotations import KafkaMessage
from pydantic import ValidationError

from clinic_contracts import EventEnvelope, UnknownEvent, unwrap
from clinic_contracts.events import Event
from clinic_contracts.topics import Topic
from servicekit.offset_commits import BatchedOffsetCommits
from servicekit.outages import is_outage

log = logging.getLogger(__name__)

# An outage is tried again ever more slowly, up to this.
OUTAGE_WAIT_LONGEST_SECONDS = 2.0

Handler = Callable[[EventEnvelope, Event], Awaitable[None]]


def subscribe(
    broker: KafkaBroker,
    topics: Sequence[Topic],
    *,
    group_id: str,
    handle: Handler,
    attempts: int = 3,
    retry_delay_seconds: float = 0.2,
    offsets: BatchedOffsetCommits | None = None,
) -> None:
    """Register `handle` for every event on `topics`, in consumer group `group_id`; handled
    offsets are committed through `offsets` (the runtime's, flushed when it stops)."""
    offsets = offsets or BatchedOffsetCommits()
    dead_letters = {topic.name: topic.dead_letter for topic in topics}

    async def dead_letter(message: KafkaMessage, reason: str) -> None:
        record = message.raw_message
        log.error("dead-lettering %s offset %s: %s", record.topic, record.offset, reason)
        await broker.publish(
            message.body,
            dead_letters[record.topic],
            key=record.key,
            headers={
                "x-original-topic": record.topic,
                "x-original-partition": str(message.raw_message.partition),
                "x-original-offset": str(message.raw_message.offset),
                "x-consumer-group": group_id,
                "x-dead-letter-reason": reason[:1000],
            },
        )

    @broker.subscriber(
        *dead_letters,
        group_id=group_id,
        auto_offset_reset="earliest",
        ack_policy=AckPolicy.MANUAL,
    )
    async def on_event(message: KafkaMessage) -> None:
        try:
            await consume(message)
        except BaseException:
            # Not handled, not dead-lettered: back to this event, so it comes again.
            await message.nack()
            raise
        offsets.handled(message.consumer, message.raw_message)

    async def consume(message: KafkaMessage) -> None:
        try:
            envelope = EventEnvelope.from_bytes(message.body)
            event = unwrap(envelope)
        except (ValidationError, UnknownEvent, ValueError) as error:
            await dead_letter(message, f"undecodable: {error}")
            return
        attempt, outage_waits = 1, 0
        while True:
            try:
                await handle(envelope, event)
                return
            except Exception as error:  # noqa: BLE001 - any failure but an outage counts as an attempt
                if is_outage(error):
                    # The database is away, not the event at fault: waited out, never dead-lettered.
                    outage_waits += 1
                    log.warning("waiting out an outage at %s: %s", envelope.event_id, error)
                    await asyncio.sleep(min(OUTAGE_WAIT_LONGEST_SECONDS, retry_delay_seconds * outage_waits))
                    continue
                if attempt == attempts:
                    await dead_letter(message, f"{type(error).__name__}: {error}")
                    return
                log.warning("attempt %s at %s failed: %s", attempt, envelope.event_id, error)
                await asyncio.sleep(retry_delay_seconds * attempt)
                attempt += 1
