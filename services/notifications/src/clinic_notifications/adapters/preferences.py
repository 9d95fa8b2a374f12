"""Each person's choice of what reaches them (domain.notices.Delivery)."""

import uuid
from datetime import datetime

from sqlalchemy import bindparam, delete, insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from clinic_notifications.adapters.orm import delivery_preferences
from clinic_notifications.domain.notices import DEFAULT_DELIVERY, Delivery, RecipientKind


async def delivery_of(session: AsyncSession, kind: RecipientKind, user_id: uuid.UUID) -> Delivery:
    return (await deliveries_of(session, [(kind, user_id)]))[kind, user_id]


# Read for every event that may mail someone, built once (a statement built anew cost more CPU
# than running it).
_CHOICES = select(
    delivery_preferences.c.user_kind, delivery_preferences.c.user_id, delivery_preferences.c.delivery
).where(
    delivery_preferences.c.user_kind.in_(bindparam("kinds", expanding=True)),
    delivery_preferences.c.user_id.in_(bindparam("user_ids", expanding=True)),
)


async def deliveries_of(
    session: AsyncSession, people: list[tuple[RecipientKind, uuid.UUID]]
) -> dict[tuple[RecipientKind, uuid.UUID], Delivery]:
    """Each person's choice, in one query (the default for one who made none)."""
    if not people:
        return {}
    kinds = sorted({kind.value for kind, _ in people})
    rows = await session.execute(_CHOICES, {"kinds": kinds, "user_ids": list({user_id for _, user_id in people})})
    chosen = {(RecipientKind(kind), user_id): Delivery(delivery) for kind, user_id, delivery in rows}
    return {person: chosen.get(person, DEFAULT_DELIVERY) for person in people}


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
