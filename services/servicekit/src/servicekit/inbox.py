"""Inbox: a consumer records each event id with its effect, so a redelivery does nothing."""

from datetime import UTC, datetime
from uuid import UUID

from sqlalchemy import MetaData
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession


class Inbox:
    def __init__(self, metadata: MetaData) -> None:
        self.table = metadata.tables["processed_events"]
        # Built once per dialect: one is run for every event consumed.
        self._record = {
            "postgresql": pg_insert(self.table).on_conflict_do_nothing(),
            "sqlite": sqlite_insert(self.table).on_conflict_do_nothing(),
        }

    async def first_delivery(self, session: AsyncSession, consumer: str, event_id: UUID) -> bool:
        """Record the event for this consumer; False if it was already processed.

        Call it in the same transaction as the event's effect.
        """
        record = self._record[session.bind.dialect.name]
        values = {"consumer": consumer, "event_id": event_id, "processed_at": datetime.now(UTC)}
        result = await session.execute(record, values)
        return result.rowcount == 1
