"""A service's local copy of the settings it needs, rebuilt from the compacted settings topics.

A stored state is read as the events are (clinic_contracts.codec.unwrap), ignoring a field this
model does not know: a newer release of this service may have stored it before a rollback.
"""

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import TypeVar
from uuid import UUID

from sqlalchemy import MetaData, Select, bindparam, insert, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from clinic_contracts.events import ClinicSettingsChanged, StateEvent

S = TypeVar("S", bound=StateEvent)


# How many (entity type, entity id) revisions a process remembers having seen held; past this the
# memory starts afresh (a clinic has a few thousand entities; this bounds a process serving many).
REMEMBERED_REVISIONS = 100_000


class SettingsReplica:
    def __init__(self, metadata: MetaData) -> None:
        self.table = metadata.tables["settings_replica"]
        # The revision this process last saw the replica hold of each entity. A replica only moves
        # forward (`apply` keeps the newer state), so "held at least this" stays true once read.
        self._held: dict[tuple[str, str], int] = {}
        # The reads every command and event make, built once (each built anew cost more CPU than
        # the query): one state, and several by two flat IN lists (a long OR of pairs nests too deep
        # for SQLite), the pairs kept after; with their clinics (the clinic_id column, not the
        # state's field: a UUID in both rows on every database).
        table = self.table
        self._one = select(table.c.state).where(
            (table.c.entity_type == bindparam("by_type")) & (table.c.entity_id == bindparam("by_id"))
        )
        named = table.c.entity_type.in_(bindparam("types", expanding=True)) & table.c.entity_id.in_(
            bindparam("ids", expanding=True)
        )
        found_ones = table.alias("found_ones")
        their_clinic_ids = select(found_ones.c.clinic_id).where(
            found_ones.c.entity_type.in_(bindparam("types", expanding=True)),
            found_ones.c.entity_id.in_(bindparam("ids", expanding=True)),
        )
        their_clinics = (table.c.entity_type == ClinicSettingsChanged.event_type) & table.c.clinic_id.in_(
            their_clinic_ids
        )
        states = select(table.c.entity_type, table.c.entity_id, table.c.state)
        self._many = states.where(named)
        self._many_with_their_clinics = states.where(named | their_clinics)
        self._all_of_queries: dict[tuple[str, ...], Select] = {}

    def known_to_hold(self, keys: Mapping[tuple[str, str], int]) -> bool:
        """True when every (entity type, entity id) was seen held at this revision or a newer one,
        without a query: what a submission names is mostly unchanged since the last one."""
        held = self._held
        return all(held.get(key, -1) >= revision for key, revision in keys.items())

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
        found = {(kind, entity_id): revision for kind, entity_id, revision in rows}
        if len(self._held) + len(found) > REMEMBERED_REVISIONS:
            self._held.clear()
        for key, revision in found.items():
            self._held[key] = max(revision, self._held.get(key, -1))
        return found

    async def get(self, session: AsyncSession, model: type[S], entity_id: str) -> S | None:
        found = await session.execute(self._one, {"by_type": model.event_type, "by_id": entity_id})
        state = found.scalar_one_or_none()
        return None if state is None else model.model_validate(state, extra="ignore")

    async def get_many(
        self, session: AsyncSession, wanted: list[tuple[type[S], str]], *, their_clinics: bool = False
    ) -> dict[tuple[type[S], str], S]:
        """Several states in one query (each a round trip to the database otherwise); one the
        replica does not hold is not in the answer. With `their_clinics`, the clinic each found one
        belongs to comes in the same query (a case names its clinic only once it is read)."""
        if not wanted:
            return {}
        models: dict[tuple[str, str], type[StateEvent]] = {
            (model.event_type, entity_id): model for model, entity_id in wanted
        }
        query = self._many_with_their_clinics if their_clinics else self._many
        names = {"types": sorted({kind for kind, _ in models}), "ids": sorted({entity_id for _, entity_id in models})}
        rows = await session.execute(query, names)
        found = {}
        for kind, entity_id, state in rows:
            model = models.get((kind, entity_id))
            if model is None and their_clinics and kind == ClinicSettingsChanged.event_type:
                model = ClinicSettingsChanged
            if model is not None:
                found[model, entity_id] = model.model_validate(state, extra="ignore")
        return found  # type: ignore[return-value]

    async def all_of(
        self, session: AsyncSession, model: type[S], clinic_id: UUID, *, where: Mapping[str, str] | None = None
    ) -> list[S]:
        """The clinic's entities of this kind; with `where`, only those whose stored state has these
        top-level fields at these values (as stored: ids as text). The filter is the database's, so a
        large clinic's other entities are neither sent nor parsed."""
        fields = tuple(sorted(where or {}))
        values = {f"field_{number}": (where or {})[field] for number, field in enumerate(fields)}
        query = self._all_of(fields)
        rows = await session.execute(query, {"by_type": model.event_type, "by_clinic_id": clinic_id, **values})
        return [model.model_validate(state, extra="ignore") for state in rows.scalars()]

    def _all_of(self, fields: tuple[str, ...]) -> Select:
        """The query of `all_of` for these filtered fields, built once for each set of them."""
        if (query := self._all_of_queries.get(fields)) is None:
            table = self.table
            query = select(table.c.state).where(
                (table.c.entity_type == bindparam("by_type")) & (table.c.clinic_id == bindparam("by_clinic_id"))
            )
            for number, field in enumerate(fields):
                query = query.where(table.c.state[field].as_string() == bindparam(f"field_{number}"))
            self._all_of_queries[fields] = query = query.order_by(table.c.entity_id)
        return query
