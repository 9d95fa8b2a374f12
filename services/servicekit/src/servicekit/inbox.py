"""Inbox: a consumer records each event id with its effect, so a redelivery does nothing."""

from datetime import UTC, datetime
from uuid import UUID

from sqlalchemy import MetaData
from sqlalchemy.ext.asyncio import AsyncSession

from servicekit.db import insert_unless_kept


class Inbox:
    def __init__(self, metadata: MetaData) -> None:
        self.table = metadata.tables["processed_events"]

    async def first_delivery(self, session: AsyncSession, consumer: str, event_id: UUID) -> bool:
        """Record the event for this consumer; False if it was already processed.

        Call it in the same transaction as the event's effect.
        """
        values = {"consumer": consumer, "event_id": event_id, "processed_at": datetime.now(UTC)}
        result = await session.execute(insert_unless_kept(session, self.table), values)
        return result.rowcount == 1
