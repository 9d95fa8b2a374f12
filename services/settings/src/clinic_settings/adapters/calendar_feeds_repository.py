"""Storing calendar feeds (orm.calendar_feeds): the SHA-256 of each feed's secret, never the secret."""

from uuid import UUID

from sqlalchemy import func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from clinic_settings.adapters.orm import calendar_feeds as table
from clinic_settings.domain.calendar_feeds import CalendarFeed
from clinic_settings.domain.credentials import UserKind
from servicekit.db import aware_utc


def _feed(row) -> CalendarFeed:
    values = dict(row)
    values["owner_kind"] = UserKind(values["owner_kind"])
    values["created_at"] = aware_utc(values["created_at"])
    values["revoked_at"] = values["revoked_at"] and aware_utc(values["revoked_at"])
    return CalendarFeed(**values)


class CalendarFeedsRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, feed_id: UUID, *, for_update: bool = False) -> CalendarFeed | None:
        query = select(table).where(table.c.feed_id == feed_id)
        return await self._one(query.with_for_update() if for_update else query)

    async def with_secret_hash(self, secret_hash: str) -> CalendarFeed | None:
        return await self._one(select(table).where(table.c.secret_hash == secret_hash))

    async def of_owner(self, owner_id: UUID) -> list[CalendarFeed]:
        query = select(table).where(table.c.owner_id == owner_id).order_by(table.c.created_at.desc())
        return [_feed(row) for row in (await self.session.execute(query)).mappings()]

    async def count_open(self, owner_id: UUID) -> int:
        query = select(func.count()).where((table.c.owner_id == owner_id) & table.c.revoked_at.is_(None))
        return (await self.session.execute(query)).scalar_one()

    async def add(self, feed: CalendarFeed) -> None:
        await self.session.execute(insert(table).values(**self._row(feed)))

    async def save(self, feed: CalendarFeed) -> None:
        await self.session.execute(update(table).where(table.c.feed_id == feed.feed_id).values(**self._row(feed)))

    async def _one(self, query) -> CalendarFeed | None:
        row = (await self.session.execute(query)).mappings().one_or_none()
        return None if row is None else _feed(row)

    @staticmethod
    def _row(feed: CalendarFeed) -> dict:
        return {**vars(feed), "owner_kind": feed.owner_kind.value}
