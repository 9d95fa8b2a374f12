"""Storing settings entities: one generic repository, since every entity maps field to column."""

from dataclasses import fields
from typing import Generic, TypeVar
from uuid import UUID

from pydantic import TypeAdapter
from pydantic_core import to_jsonable_python
from sqlalchemy import JSON, Table, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from clinic_settings.domain.entity import SettingsEntity

E = TypeVar("E", bound=SettingsEntity)


class Repository(Generic[E]):
    def __init__(self, session: AsyncSession, table: Table, entity: type[E], *, order_by: str = "name") -> None:
        self.session = session
        self.table = table
        self.entity = entity
        self._id = table.c[entity.id_field]
        self._order = (table.c[order_by], self._id)
        self._json_columns = {column.name for column in table.columns if isinstance(column.type, JSON)}
        # Rebuilding from a row validates again, and turns JSON lists back into tuples of values.
        self._adapter = TypeAdapter(entity)

    @property
    def kind(self) -> str:
        """The entity's name in error codes ("patient-case-not-found")."""
        return self.entity.kind

    async def get(self, entity_id: UUID, *, for_update: bool = False) -> E | None:
        query = select(self.table).where(self._id == entity_id)
        if for_update:
            query = query.with_for_update()
        row = (await self.session.execute(query)).mappings().one_or_none()
        return None if row is None else self._adapter.validate_python(dict(row))

    async def of_clinic(self, clinic_id: UUID, **equal_to) -> list[E]:
        query = select(self.table).where(self.table.c.clinic_id == clinic_id).order_by(*self._order)
        for column, value in equal_to.items():
            query = query.where(self.table.c[column] == value)
        rows = (await self.session.execute(query)).mappings()
        return [self._adapter.validate_python(dict(row)) for row in rows]

    async def add(self, entity: E) -> None:
        await self.session.execute(insert(self.table).values(**self._row(entity)))

    async def save(self, entity: E) -> None:
        await self.session.execute(update(self.table).where(self._id == entity.entity_id).values(**self._row(entity)))

    def _row(self, entity: E) -> dict:
        row = {field.name: getattr(entity, field.name) for field in fields(entity)}
        for column in self._json_columns:
            row[column] = to_jsonable_python(row[column])
        return row
