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

    async def first_delivery(self, session: AsyncSession, consumer: str, event_id: UUID) -> bool:
        """Record the event for this consumer; False if it was already processed.

        Call it in the same transaction as the event's effect.
        """
        dialect_insert = pg_insert if session.bind.dialect.name == "postgresql" else sqlite_insert
        statement = (
            dialect_insert(self.table)
            .values(consumer=consumer, event_id=event_id, processed_at=datetime.now(UTC))
            .on_conflict_do_nothing()
        )
        result = await session.execute(statement)
        return result.rowcount == 1
