"""A service's local copy of the settings it needs, rebuilt from the compacted settings topics.

A stored state is read as the events are (clinic_contracts.codec.unwrap), ignoring a field this
model does not know: a newer release of this service may have stored it before a rollback.
"""

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import TypeVar
from uuid import UUID

from sqlalchemy import MetaData, insert, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from clinic_contracts.events import StateEvent

S = TypeVar("S", bound=StateEvent)


class SettingsReplica:
    def __init__(self, metadata: MetaData) -> None:
        self.table = metadata.tables["settings_replica"]

    async def apply(self, session: AsyncSession, state: StateEvent, clinic_id: UUID) -> bool:
        """Keep the newer state; a stale or repeated revision changes nothing. True if applied."""
        table = self.table
        key = (table.c.entity_type == state.event_type) & (table.c.entity_id == state.entity_id)
        current = (await session.execute(select(table.c.revision).where(key))).scalar_one_or_none()
        values = {
            "revision": state.revision,
            "state": state.model_dump(mode="json"),
            "clinic_id": clinic_id,
            "updated_at": datetime.now(UTC),
        }
        if current is None:
            await session.execute(
                insert(table).values(entity_type=state.event_type, entity_id=state.entity_id, **values)
            )
            return True
        if state.revision <= current:
            return False
        await session.execute(update(table).where(key).values(**values))
        return True

    async def revisions(self, session: AsyncSession, keys: list[tuple[str, str]]) -> dict[tuple[str, str], int]:
        """The revision held of each (entity type, entity id); one absent is not in the answer."""
        if not keys:
            return {}
        table = self.table
        rows = await session.execute(
            select(table.c.entity_type, table.c.entity_id, table.c.revision).where(
                or_(*((table.c.entity_type == kind) & (table.c.entity_id == entity_id) for kind, entity_id in keys))
            )
        )
        return {(kind, entity_id): revision for kind, entity_id, revision in rows}

    async def get(self, session: AsyncSession, model: type[S], entity_id: str) -> S | None:
        table = self.table
        state = (
            await session.execute(
                select(table.c.state).where(
                    (table.c.entity_type == model.event_type) & (table.c.entity_id == entity_id)
                )
            )
        ).scalar_one_or_none()
        return None if state is None else model.model_validate(state, extra="ignore")

    async def get_many(self, session: AsyncSession, wanted: list[tuple[type[S], str]]) -> dict[tuple[type[S], str], S]:
        """Several states in one query (each a round trip to the database otherwise); one the
        replica does not hold is not in the answer."""
        if not wanted:
            return {}
        table = self.table
        models = {(model.event_type, entity_id): model for model, entity_id in wanted}
        # Two flat IN lists (a long OR of pairs nests too deep for SQLite), the pairs kept after.
        rows = await session.execute(
            select(table.c.entity_type, table.c.entity_id, table.c.state).where(
                table.c.entity_type.in_({kind for kind, _ in models}),
                table.c.entity_id.in_({entity_id for _, entity_id in models}),
            )
        )
        found = {}
        for kind, entity_id, state in rows:
            if (model := models.get((kind, entity_id))) is not None:
                found[model, entity_id] = model.model_validate(state, extra="ignore")
        return found

    async def all_of(
        self, session: AsyncSession, model: type[S], clinic_id: UUID, *, where: Mapping[str, str] | None = None
    ) -> list[S]:
        """The clinic's entities of this kind; with `where`, only those whose stored state has these
        top-level fields at these values (as stored: ids as text). The filter is the database's, so a
        large clinic's other entities are neither sent nor parsed."""
        table = self.table
        query = select(table.c.state).where(
            (table.c.entity_type == model.event_type) & (table.c.clinic_id == clinic_id)
        )
        for field, value in (where or {}).items():
            query = query.where(table.c.state[field].as_string() == value)
        rows = await session.execute(query.order_by(table.c.entity_id))
        return [model.model_validate(state, extra="ignore") for state in rows.scalars()]
