"""Storing calendar feeds (orm.calendar_feeds): the SHA-256 of each feed's secret, never the secret."""

from uuid import UUID

from sqlalchemy import func, select

from clinic_settings.adapters.orm import calendar_feeds as table
from clinic_settings.adapters.rows_repository import RowsRepository
from clinic_settings.domain.calendar_feeds import CalendarFeed
from clinic_settings.domain.credentials import UserKind
from servicekit.db import aware_utc


class CalendarFeedsRepository(RowsRepository[CalendarFeed]):
    table = table
    key = "feed_id"

    async def get(self, feed_id: UUID, *, for_update: bool = False) -> CalendarFeed | None:
        query = select(table).where(table.c.feed_id == feed_id)
        return await self._one(query.with_for_update() if for_update else query)

    async def with_secret_hash(self, secret_hash: str) -> CalendarFeed | None:
        return await self._one(select(table).where(table.c.secret_hash == secret_hash))

    async def of_owner(self, owner_id: UUID) -> list[CalendarFeed]:
        return await self._all(select(table).where(table.c.owner_id == owner_id).order_by(table.c.created_at.desc()))

    async def count_open(self, owner_id: UUID) -> int:
        query = select(func.count()).where((table.c.owner_id == owner_id) & table.c.revoked_at.is_(None))
        return (await self.session.execute(query)).scalar_one()

    def _object(self, row) -> CalendarFeed:
        values = dict(row)
        values["owner_kind"] = UserKind(values["owner_kind"])
        values["created_at"] = aware_utc(values["created_at"])
        values["revoked_at"] = values["revoked_at"] and aware_utc(values["revoked_at"])
        return CalendarFeed(**values)

    def _row(self, feed: CalendarFeed) -> dict:
        return {**vars(feed), "owner_kind": feed.owner_kind.value}
