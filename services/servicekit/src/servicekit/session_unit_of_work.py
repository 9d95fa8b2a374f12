"""What a service's unit of work over its database shares: one transaction's session, the service's
runtime (outbox, inbox, settings replica), and the inbox's check that an event is new."""

from __future__ import annotations

from typing import TYPE_CHECKING
from uuid import UUID

if TYPE_CHECKING:
    from sqlalchemy.ext.asyncio import AsyncSession

    from servicekit.runtime import ServiceRuntime


class SessionUnitOfWork:
    def __init__(self, session: AsyncSession, runtime: ServiceRuntime) -> None:
        self.session = session
        self.runtime = runtime

    async def first_delivery(self, consumer: str, event_id: UUID) -> bool:
        """Records that `consumer` took this event, in this transaction; False for a redelivery."""
        return await self.runtime.inbox.first_delivery(self.session, consumer, event_id)
