"""The sign-in failure counters (orm.sign_in_failures), changed only by single UPDATE statements so
that concurrent attempts queue on the row's lock instead of all reading the same old count."""

from datetime import datetime

from sqlalchemy import case, delete, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from clinic_settings.adapters.orm import sign_in_failures as table
from servicekit.db import aware_utc


class SignInFailuresRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def ensure(self, key: str, now: datetime) -> None:
        dialect = postgresql if self.session.bind.dialect.name == "postgresql" else sqlite
        await self.session.execute(
            dialect.insert(table)
            .values(counter_key=key, failures=0, blocked_until=None, last_attempt_at=now)
            .on_conflict_do_nothing(index_elements=[table.c.counter_key])
        )

    async def count_attempt(self, key: str, now: datetime) -> int | None:
        """One more attempt on the counter, and the count with it; None while the counter is blocked.
        The row stays locked until the transaction ends."""
        counted = await self.session.execute(
            update(table)
            .where(table.c.counter_key == key)
            .where((table.c.blocked_until.is_(None)) | (table.c.blocked_until <= now))
            .values(failures=table.c.failures + 1, last_attempt_at=now)
            .returning(table.c.failures)
        )
        return counted.scalar_one_or_none()

    async def block(self, key: str, until: datetime) -> None:
        await self.session.execute(update(table).where(table.c.counter_key == key).values(blocked_until=until))

    async def blocked_until(self, key: str) -> datetime | None:
        found = await self.session.execute(select(table.c.blocked_until).where(table.c.counter_key == key))
        return aware_utc(found.scalar_one_or_none())

    async def give_back(self, key: str, threshold: int) -> None:
        """Takes back one counted attempt; the block goes when the count falls below the threshold.
        (Both right-hand sides see the row as it was.)"""
        await self.session.execute(
            update(table)
            .where(table.c.counter_key == key)
            .where(table.c.failures > 0)
            .values(
                failures=table.c.failures - 1,
                blocked_until=case((table.c.failures - 1 < threshold, None), else_=table.c.blocked_until),
            )
        )

    async def clear(self, key: str) -> None:
        await self.session.execute(delete(table).where(table.c.counter_key == key))

    async def forget_older_than(self, cutoff: datetime) -> None:
        await self.session.execute(delete(table).where(table.c.last_attempt_at < cutoff))
