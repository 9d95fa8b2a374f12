"""The settings unit of work kept in dictionaries, for the fast ring: the same interface as
`SqlUnitOfWork` (service_layer.unit_of_work) over the entities, their sign-in emails, the audit trail
and the outbox. tests/settings/scenarios.py runs against both, so the two cannot drift apart.

A transaction works on a copy of the committed state and replaces it on commit; entities are
frozen, so copying the dictionaries is enough.
"""

from collections.abc import Collection
from dataclasses import dataclass, field, replace
from typing import Any, Generic, TypeVar
from uuid import UUID

from clinic_contracts.events import StateEvent
from clinic_settings.domain.audit import SettingsChange
from clinic_settings.domain.credentials import Credentials
from clinic_settings.domain.entity import SettingsEntity
from clinic_settings.service_layer.unit_of_work import ENTITY_REPOSITORIES, SettingsUnitOfWork

E = TypeVar("E", bound=SettingsEntity)


class InMemoryRepository(Generic[E]):
    def __init__(self, rows: dict[UUID, E], entity: type[E], order_by: str) -> None:
        self.rows = rows
        self.entity = entity
        self.order_by = order_by

    @property
    def kind(self) -> str:
        return self.entity.kind

    async def get(self, entity_id: UUID, *, for_update: bool = False) -> E | None:
        return self.rows.get(entity_id)

    async def of_clinic(
        self, clinic_id: UUID, *, among: Collection[UUID] | None = None, for_update: bool = False, **equal_to: Any
    ) -> list[E]:
        matching = [
            entity
            for entity in self.rows.values()
            if entity.clinic_id == clinic_id
            and (among is None or entity.entity_id in among)
            and all(getattr(entity, name) == value for name, value in equal_to.items())
        ]
        return sorted(matching, key=lambda entity: (getattr(entity, self.order_by), entity.entity_id))

    async def add(self, entity: E) -> None:
        assert entity.entity_id not in self.rows, "the service layer checks ids before adding"
        self.rows[entity.entity_id] = entity

    async def save(self, entity: E) -> None:
        self.rows[entity.entity_id] = entity


class InMemoryCredentials:
    def __init__(self, rows: dict[UUID, Credentials]) -> None:
        self.rows = rows

    async def with_email(self, email: str, clinic_id: UUID | None = None) -> list[Credentials]:
        return sorted(
            (entry for entry in self.rows.values() if entry.email == email and clinic_id in (None, entry.clinic_id)),
            key=lambda entry: entry.user_id,
        )

    async def add(self, entry: Credentials) -> None:
        self.rows[entry.user_id] = entry

    async def change_email(self, user_id: UUID, email: str) -> None:
        self.rows[user_id] = replace(self.rows[user_id], email=email)

    async def change_password_hash(self, user_id: UUID, password_hash: str) -> None:
        self.rows[user_id] = replace(self.rows[user_id], password_hash=password_hash)


class InMemoryChanges:
    def __init__(self, rows: list[SettingsChange]) -> None:
        self.rows = rows

    async def add(self, change: SettingsChange) -> None:
        self.rows.append(change)


@dataclass
class StoredSettings:
    tables: dict[str, dict[UUID, Any]] = field(
        default_factory=lambda: {name: {} for name, _ in ENTITY_REPOSITORIES.values()}
    )
    credentials: dict[UUID, Credentials] = field(default_factory=dict)
    changes: list[SettingsChange] = field(default_factory=list)
    outbox: list[StateEvent] = field(default_factory=list)

    def copy(self) -> "StoredSettings":
        return StoredSettings(
            {name: dict(rows) for name, rows in self.tables.items()},
            dict(self.credentials),
            list(self.changes),
            list(self.outbox),
        )


class InMemoryUnitOfWork(SettingsUnitOfWork):
    def __init__(self) -> None:
        self.committed = StoredSettings()

    async def _begin(self) -> None:
        self._working = working = self.committed.copy()
        for entity, (name, order_by) in ENTITY_REPOSITORIES.items():
            setattr(self, name, InMemoryRepository(working.tables[name], entity, order_by))
        self.credentials = InMemoryCredentials(working.credentials)
        self.changes = InMemoryChanges(working.changes)

    async def _commit(self) -> None:
        self.committed = self._working

    async def _rollback(self) -> None:
        del self._working

    async def _publish(self, entity: SettingsEntity) -> None:
        self._working.outbox.append(entity.as_event())
