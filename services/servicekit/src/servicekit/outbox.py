"""Transactional outbox: events are written with the state change, then relayed to Kafka.

A service never publishes directly from a request handler; if it did, a crash between commit and
publish would lose the event, or a failed commit would publish a lie.
"""

import asyncio
import logging
from datetime import UTC, datetime

from faststream.kafka import KafkaBroker
from sqlalchemy import MetaData, bindparam, event, insert, select, text, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from clinic_contracts import EventEnvelope, wrap
from clinic_contracts.events import Event
from clinic_contracts.topics import topic_for
from servicekit.actor_auth import ACTING_ACTOR
from servicekit.tracing import staged_event_span

log = logging.getLogger(__name__)


class Outbox:
    def __init__(self, metadata: MetaData) -> None:
        self.table = metadata.tables["outbox"]
        self.wake = asyncio.Event()
        # Built once: a statement built anew per event cost more CPU than running it.
        self._insert = insert(self.table)

    async def add(self, session: AsyncSession, envelope: EventEnvelope, *, topic: str, key: str) -> None:
        """Stage an envelope in the caller's transaction, with the trace context it continues."""
        trace_headers = staged_event_span(topic, envelope.event_type, str(envelope.event_id))
        await session.execute(
            self._insert,
            {
                "event_id": envelope.event_id,
                "topic": topic,
                "message_key": key,
                "envelope": envelope.model_dump_json(),
                "created_at": datetime.now(UTC),
                "headers": trace_headers,
            },
        )
        self._wake_after_commit(session)

    def _wake_after_commit(self, session: AsyncSession) -> None:
        """The relay is woken once the row is committed, not when it is staged: woken before, it
        finds nothing it can see yet and sleeps a whole poll interval with the event waiting."""
        if not session.info.get("wakes_outbox_relay"):
            session.info["wakes_outbox_relay"] = True
            # Runs on the event loop's thread (the async session's greenlet), so setting is safe.
            event.listen(session.sync_session, "after_commit", lambda _session: self.wake.set())

    async def add_event(self, session: AsyncSession, event: Event, *, key: str, **envelope_fields) -> EventEnvelope:
        """Wrap a contract event and stage it on the topic the contract assigns it. The envelope
        names the actor of the call being served unless the caller names one."""
        if "actor" not in envelope_fields and (acting := ACTING_ACTOR.get()) is not None:
            envelope_fields["actor"] = acting.reference
        envelope = wrap(event, **envelope_fields)
        await self.add(session, envelope, topic=topic_for(type(event)).name, key=key)
        return envelope


class OutboxRelay:
    """Publishes staged events in order, with acks from all replicas, then marks them sent."""

    def __init__(
        self,
        outbox: Outbox,
        sessions: async_sessionmaker[AsyncSession],
        broker: KafkaBroker,
        *,
        poll_seconds: float = 0.5,
        batch_size: int = 200,
        reading_sessions: async_sessionmaker[AsyncSession] | None = None,
    ) -> None:
        self.outbox = outbox
        self.sessions = sessions
        # Autocommit sessions (servicekit.db.reading_session_factory) for the idle look.
        self.reading_sessions = reading_sessions
        self.broker = broker
        self.poll_seconds = poll_seconds
        self.batch_size = batch_size
        self._task: asyncio.Task | None = None
        table = outbox.table
        unsent = table.c.published_at.is_(None)
        self._unsent_batch = (
            select(table.c.id, table.c.topic, table.c.message_key, table.c.envelope, table.c.headers)
            .where(unsent)
            .order_by(table.c.id)
            .limit(batch_size)
        )
        self._any_unsent = select(table.c.id).where(unsent).limit(1)
        self._mark_sent = update(table).where(table.c.id.in_(bindparam("ids", expanding=True)))

    def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name="outbox-relay")

    async def stop(self) -> None:
        if self._task:
            self._task.cancel()
            try:
                await self._task
            except asyncio.CancelledError:
                pass

    async def _run(self) -> None:
        woken = True  # at start: whatever a stopped process left unsent goes first
        while True:
            try:
                relayed = await self.relay_once() if woken or await self._anything_unsent() else 0
            except asyncio.CancelledError:
                raise
            except Exception:  # the broker or database is down: keep the rows, try again later
                log.exception("outbox relay failed; retrying")
                relayed = 0
                await asyncio.sleep(self.poll_seconds)
            woken = True
            if relayed < self.batch_size:
                try:
                    await asyncio.wait_for(self.outbox.wake.wait(), self.poll_seconds)
                except TimeoutError:
                    woken = False
                self.outbox.wake.clear()

    async def _anything_unsent(self) -> bool:
        """The poll's look, when no commit of this process woke the relay (another replica's rows,
        or a failed publish's): one query outside a transaction. Relaying takes a transaction, the
        relays' lock and a query: four round trips, twice a second, in every idle process."""
        if self.reading_sessions is None:
            return True
        async with self.reading_sessions() as session:
            return (await session.execute(self._any_unsent)).first() is not None

    async def relay_once(self) -> int:
        """Publish one batch of unsent events; returns how many were sent."""
        async with self.sessions.begin() as session:
            await _one_relay_at_a_time(session)
            rows = (await session.execute(self._unsent_batch)).all()
            if not rows:
                return 0
            pending = [
                await self.broker.publish(
                    row.envelope.encode(), row.topic, key=row.message_key.encode(), headers=row.headers, no_confirm=True
                )
                for row in rows
            ]
            await asyncio.gather(*pending)
            await session.execute(self._mark_sent, {"ids": [row.id for row in rows], "published_at": datetime.now(UTC)})
        return len(rows)


_RELAYS_LOCK = text("SELECT pg_advisory_xact_lock(hashtextextended('outbox-relay', 0))")


async def _one_relay_at_a_time(session: AsyncSession) -> None:
    """Lets one relay of the service's database publish at a time, until its transaction ends.

    Events of one key are causally ordered: a request's cancel is staged only after its submit
    committed, so the later event gets the larger id. Publishing in id order keeps them in order,
    but only if one relay publishes at a time: replicas claiming batches side by side (FOR UPDATE
    SKIP LOCKED) send a later batch while an earlier one is still in flight, and a cancel could
    reach Kafka before its submit. The lock blocks rather than being tried: a replica woken by its
    own commit waits for the batch in flight and then relays what is left, instead of sleeping a
    poll interval. Advisory locks are per database, and each service has a database of its own.
    SQLite needs nothing: it is the embedded default of a single process.
    """
    if session.bind.dialect.name != "postgresql":
        return
    await session.execute(_RELAYS_LOCK)
