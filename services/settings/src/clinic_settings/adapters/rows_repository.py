"""What the repositories of plain rows share (calendar feeds, one-time links): one object a row,
stored whole by its key column, read back one or many at a time."""

from typing import Any, ClassVar, Generic, TypeVar

from sqlalchemy import Select, Table, insert, update
from sqlalchemy.ext.asyncio import AsyncSession

T = TypeVar("T")


class RowsRepository(Generic[T]):
    table: ClassVar[Table]
    key: ClassVar[str]

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    def _object(self, row: Any) -> T:
        raise NotImplementedError

    def _row(self, item: T) -> dict[str, Any]:
        raise NotImplementedError

    async def add(self, item: T) -> None:
        await self.session.execute(insert(self.table).values(**self._row(item)))

    async def save(self, item: T) -> None:
        where = self.table.c[self.key] == getattr(item, self.key)
        await self.session.execute(update(self.table).where(where).values(**self._row(item)))

    async def _one(self, query: Select[Any]) -> T | None:
        row = (await self.session.execute(query)).mappings().one_or_none()
        return None if row is None else self._object(row)

    async def _all(self, query: Select[Any]) -> list[T]:
        return [self._object(row) for row in (await self.session.execute(query)).mappings()]
