"""Each person's choice of what reaches them (domain.notices.Delivery)."""

import uuid
from datetime import datetime

from sqlalchemy import delete, insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from clinic_notifications.adapters.orm import delivery_preferences
from clinic_notifications.domain.notices import DEFAULT_DELIVERY, Delivery, RecipientKind


async def delivery_of(session: AsyncSession, kind: RecipientKind, user_id: uuid.UUID) -> Delivery:
    chosen = (
        await session.execute(
            select(delivery_preferences.c.delivery).where(
                delivery_preferences.c.user_kind == kind.value, delivery_preferences.c.user_id == user_id
            )
        )
    ).scalar_one_or_none()
    return DEFAULT_DELIVERY if chosen is None else Delivery(chosen)


async def choose(
    session: AsyncSession,
    kind: RecipientKind,
    user_id: uuid.UUID,
    clinic_id: uuid.UUID,
    delivery: Delivery,
    now: datetime,
) -> None:
    table = delivery_preferences
    await session.execute(delete(table).where(table.c.user_kind == kind.value, table.c.user_id == user_id))
    await session.execute(
        insert(table).values(
            user_kind=kind.value, user_id=user_id, clinic_id=clinic_id, delivery=delivery.value, updated_at=now
        )
    )
