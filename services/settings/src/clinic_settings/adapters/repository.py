"""Storing settings entities: one generic repository, since every entity maps field to column."""

from collections.abc import Collection, Sequence
from dataclasses import fields
from functools import cache
from typing import Generic, TypeVar
from uuid import UUID

from pydantic import TypeAdapter
from pydantic_core import to_jsonable_python
from sqlalchemy import JSON, Select, Table, bindparam, insert, literal_column, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from clinic_settings.domain.entity import SettingsEntity

E = TypeVar("E", bound=SettingsEntity)


@cache
def _adapter(entity: type[E]) -> TypeAdapter[E]:
    """Built once per entity type: building one costs about 0.7 ms, and every unit of work makes
    eight repositories (measured: 5.7 ms of each settings call went to building them anew)."""
    return TypeAdapter(entity)


@cache
def _by_id(table: Table, id_field: str, for_update: bool) -> Select:
    """One entity by its id, built once per table: every settings call reads one or more, and a
    statement built anew cost more CPU than running it."""
    query = select(table).where(table.c[id_field] == bindparam("by_id"))
    return query.with_for_update() if for_update else query


@cache
def _json_columns(table: Table) -> frozenset[str]:
    """Found once per table: every unit of work makes a repository of each table, and looking
    through the columns each time was a few per cent of a settings read's CPU."""
    return frozenset(column.name for column in table.columns if isinstance(column.type, JSON))


@cache
def _each_by_id(tables: tuple[tuple[Table, str], ...]) -> Select:
    """Entities of several tables, each by its id, as one row: every table outer-joined on its id
    to a row of nothing, so an id not found leaves its table's columns null. Built once per list
    of tables."""
    joined = select(literal_column("1").label("one")).subquery("one_row")
    columns = []
    for index, (table, id_field) in enumerate(tables):
        entity = table.alias(f"e{index}")
        joined = joined.outerjoin(entity, entity.c[id_field] == bindparam(f"id{index}"))
        columns += [column.label(f"e{index}_{column.name}") for column in entity.columns]
    return select(*columns).select_from(joined)


async def get_each(asked: Sequence[tuple["Repository", UUID]]) -> list[SettingsEntity | None]:
    """Each entity asked for (None: no such id), read in one query with the others: a portal
    user's request names four (its case, location, visit type and their clinic), and a query each
    was a round trip each. The repositories share one session; what one of them has read already
    is not asked again."""
    unknown = [(repository, entity_id) for repository, entity_id in asked if entity_id not in repository._known]
    if unknown:
        query = _each_by_id(tuple((repository.table, repository.entity.id_field) for repository, _ in unknown))
        session = unknown[0][0].session
        parameters = {f"id{index}": entity_id for index, (_, entity_id) in enumerate(unknown)}
        row = (await session.execute(query, parameters)).mappings().one()
        for index, (repository, _) in enumerate(unknown):
            prefix = f"e{index}_"
            columns = {name.removeprefix(prefix): value for name, value in row.items() if name.startswith(prefix)}
            if columns[repository.entity.id_field] is not None:
                repository._remember(repository._adapter.validate_python(columns), False)
    return [
        repository._known[entity_id][0] if entity_id in repository._known else None for repository, entity_id in asked
    ]


class Repository(Generic[E]):
    def __init__(self, session: AsyncSession, table: Table, entity: type[E], *, order_by: str = "name") -> None:
        self.session = session
        self.table = table
        self.entity = entity
        self._id = table.c[entity.id_field]
        self._order = (table.c[order_by], self._id)
        self._json_columns = _json_columns(table)
        # Rebuilding from a row validates again, and turns JSON lists back into tuples of values.
        self._adapter = _adapter(entity)
        # What this transaction has read or written, by id, and whether its row is locked (read
        # for update, or written). Reading it again costs no query: an import reads each entity
        # several times (its own row, then as a reference of others). An unlocked copy does not
        # answer a read for update, which must take the lock.
        self._known: dict[UUID, tuple[E, bool]] = {}

    def remember_reads_of(self, earlier: "Repository[E]") -> None:
        """Answers from what `earlier` (the same table's repository in an earlier block of the
        same reading unit of work) read, unlocked: a read for update still takes its lock."""
        self._known.update((entity_id, (entity, False)) for entity_id, (entity, _) in earlier._known.items())

    @property
    def kind(self) -> str:
        """The entity's name in error codes ("patient-case-not-found")."""
        return self.entity.kind

    async def get(self, entity_id: UUID, *, for_update: bool = False) -> E | None:
        known = self._known.get(entity_id)
        if known is not None and (known[1] or not for_update):
            return known[0]
        query = _by_id(self.table, self.entity.id_field, for_update)
        row = (await self.session.execute(query, {"by_id": entity_id})).mappings().one_or_none()
        return None if row is None else self._remember(self._adapter.validate_python(dict(row)), for_update)

    async def of_clinic(
        self, clinic_id: UUID, *, among: Collection[UUID] | None = None, for_update: bool = False, **equal_to
    ) -> list[E]:
        query = select(self.table).where(self.table.c.clinic_id == clinic_id).order_by(*self._order)
        if among is not None:
            query = query.where(self._id.in_(among))
        for column, value in equal_to.items():
            query = query.where(self.table.c[column] == value)
        if for_update:
            query = query.with_for_update()
        rows = (await self.session.execute(query)).mappings()
        return [self._remember(self._adapter.validate_python(dict(row)), for_update) for row in rows]

    async def add(self, entity: E) -> None:
        await self.session.execute(insert(self.table).values(**self._row(entity)))
        self._remember(entity, True)

    async def save(self, entity: E) -> None:
        await self.session.execute(update(self.table).where(self._id == entity.entity_id).values(**self._row(entity)))
        self._remember(entity, True)

    def _remember(self, entity: E, locked: bool) -> E:
        already_locked = self._known.get(entity.entity_id, (None, False))[1]
        self._known[entity.entity_id] = (entity, locked or already_locked)
        return entity

    def _row(self, entity: E) -> dict:
        row = {field.name: getattr(entity, field.name) for field in fields(entity)}
        for column in self._json_columns:
            row[column] = to_jsonable_python(row[column])
        return row
