"""At-least-once consumption: bounded retries, then the event goes to the dead-letter topic.
An outage (the database unreachable: servicekit.outages) is no attempt: it is waited out.

An offset is committed only after its event was handled or dead-lettered, in batches
(servicekit.offset_commits): if even the dead-letter publish fails, the consumer goes back to the
event (nack: a seek to its offset), so it is delivered again rather than lost.
"""

import asyncio
import logging
from collections.abc import Awaitable, Callable, Sequence
from typing import Annotated, Any

from faststream import AckPolicy
from faststream._internal.context import Context  # the class `faststream.Context()` makes
from faststream.kafka import KafkaBroker
from faststream.kafka.message import KafkaMessage as KafkaRecord
from pydantic import ValidationError

from clinic_contracts import EventEnvelope, UnknownEvent, unwrap
from clinic_contracts.events import Event
from clinic_contracts.topics import Topic
from servicekit.metrics import DEAD_LETTERED
from servicekit.offset_commits import BatchedOffsetCommits
from servicekit.outages import is_outage
from servicekit.tracing import consuming_event

log = logging.getLogger(__name__)

# An outage is tried again ever more slowly, up to this.
OUTAGE_WAIT_LONGEST_SECONDS = 2.0
# A failed attempt is tried again after this, then twice this, and so on.
RETRY_DELAY_SECONDS = 0.2

Handler = Callable[[EventEnvelope, Event], Awaitable[None]]


class _OnTheLoop(Context):
    """FastStream's `Context`, looked up on the event loop. FastDepends runs a custom field's
    plain-function `use` in a worker thread: for `KafkaMessage` (`Context("message")`) that was a
    thread hop, a task group and two context switches for every event consumed, to read one
    value from a context variable. An async `use` is awaited where it is."""

    async def use(self, /, **kwargs: Any) -> dict[str, Any]:  # type: ignore[override]
        return super().use(**kwargs)


KafkaMessage = Annotated[KafkaRecord, _OnTheLoop("message")]


def subscribe(
    broker: KafkaBroker,
    topics: Sequence[Topic],
    *,
    group_id: str,
    handle: Handler,
    attempts: int = 3,
    retry_delay_seconds: float = RETRY_DELAY_SECONDS,
    offsets: BatchedOffsetCommits | None = None,
) -> None:
    """Register `handle` for every event on `topics`, in consumer group `group_id`; handled
    offsets are committed through `offsets` (the runtime's, flushed when it stops)."""
    offsets = offsets or BatchedOffsetCommits()
    dead_letters = {topic.name: topic.dead_letter for topic in topics}

    async def dead_letter(message: KafkaMessage, reason: str, cause: str) -> None:
        record = message.raw_message
        # The reason (the error's text, which may quote the event) goes in the dead letter's header
        # only; the log names the kind of error, never a person's data.
        log.error("dead-lettering %s partition %s offset %s: %s", record.topic, record.partition, record.offset, cause)
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
        DEAD_LETTERED.labels(group_id, record.topic).inc()

    @broker.subscriber(
        *dead_letters,
        group_id=group_id,
        auto_offset_reset="earliest",
        ack_policy=AckPolicy.MANUAL,
    )
    async def on_event(message: KafkaMessage) -> None:
        record = message.raw_message
        try:
            # Handled in the trace that staged the event: what the handler stages continues it.
            with consuming_event(record.topic, record.partition, record.offset, group_id, message.headers):
                await consume(message)
        except BaseException:
            # Not handled, not dead-lettered: back to this event, so it comes again.
            await message.nack()
            raise
        offsets.handled(message.consumer, message.raw_message)

    async def consume(message: KafkaMessage) -> None:
        # Each kind of poison message has a reason of its own ("undecodable", "unknown event",
        # "invalid payload", "handler failed"), so an operator can list and replay one kind: an
        # unknown event may be replayed once a consumer that knows it is deployed; undecodable
        # bytes never get better.
        try:
            envelope = EventEnvelope.from_bytes(message.body)
        except ValueError as error:  # pydantic's ValidationError included
            await dead_letter(message, f"undecodable: {error}", f"undecodable ({type(error).__name__})")
            return
        try:
            event = unwrap(envelope)
        except UnknownEvent as error:
            await dead_letter(message, f"unknown event: {error}", "unknown event")
            return
        except ValidationError as error:
            await dead_letter(message, f"invalid payload: {error}", "invalid payload")
            return
        attempt, outage_waits = 1, 0
        while True:
            try:
                await handle(envelope, event)
                return
            except Exception as error:
                if is_outage(error):
                    # The database is away, not the event at fault: waited out, never dead-lettered.
                    outage_waits += 1
                    log.warning("waiting out an outage at %s: %s", envelope.event_id, error)
                    await asyncio.sleep(min(OUTAGE_WAIT_LONGEST_SECONDS, retry_delay_seconds * outage_waits))
                    continue
                if attempt == attempts:
                    await dead_letter(
                        message,
                        f"handler failed: {type(error).__name__}: {error}",
                        f"handler failed ({type(error).__name__})",
                    )
                    return
                log.warning("attempt %s at %s failed: %s", attempt, envelope.event_id, type(error).__name__)
                await asyncio.sleep(retry_delay_seconds * attempt)
                attempt += 1
