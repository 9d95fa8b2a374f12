"""What every settings entity shares: a clinic, a revision that grows with each change, and an
event that carries its full state."""

from collections.abc import Hashable, Iterable
from dataclasses import dataclass, fields, replace
from typing import Any, ClassVar, Self, TypeVar
from uuid import UUID

from clinic_contracts.events import StateEvent

V = TypeVar("V", bound=Hashable)


@dataclass(frozen=True, kw_only=True)
class SettingsEntity:
    """A subclass names itself in its class line:
    `class Patient(SettingsEntity, kind="patient", event=PatientChanged, id_field="patient_id")`."""

    # The entity's name in error codes, e.g. "patient-case" in "patient-case-not-found".
    kind: ClassVar[str]
    # The contract event; an entity's fields are exactly that event's fields.
    event: ClassVar[type[StateEvent]]
    id_field: ClassVar[str]

    clinic_id: UUID
    revision: int = 1

    def __init_subclass__(cls, *, kind: str = "", event: type[StateEvent] | None = None, id_field: str = "") -> None:
        """Every concrete entity names all three; a class between (SettingsUser) names none."""
        super().__init_subclass__()
        if event is not None:
            cls.kind, cls.event, cls.id_field = kind, event, id_field

    def changed(self, **changes: Any) -> Self:
        """The entity with `changes`, one revision later; itself when nothing differs, so a
        repeated PUT publishes nothing."""
        candidate = replace(self, **changes)
        if candidate == self:
            return self
        return replace(candidate, revision=self.revision + 1)

    def as_event(self) -> StateEvent:
        return self.event(**{field.name: getattr(self, field.name) for field in fields(self)})

    @property
    def entity_id(self) -> UUID:
        entity_id: UUID = getattr(self, self.id_field)
        return entity_id


def normalise(entity: SettingsEntity, field: str, value: object) -> None:
    """Store the canonical form of a field while validating a frozen entity."""
    object.__setattr__(entity, field, value)


def distinct(values: Iterable[V]) -> tuple[V, ...]:
    """The values without repeats, in their first order."""
    return tuple(dict.fromkeys(values))
