"""What every settings entity shares: a clinic, a revision that grows with each change, and an
event that carries its full state."""

from dataclasses import dataclass, fields, replace
from typing import ClassVar, Self
from uuid import UUID

from clinic_contracts.events import StateEvent


@dataclass(frozen=True, kw_only=True)
class SettingsEntity:
    # The entity's name in error codes, e.g. "patient-case" in "patient-case-not-found".
    kind: ClassVar[str]
    # The contract event; an entity's fields are exactly that event's fields.
    event: ClassVar[type[StateEvent]]
    id_field: ClassVar[str]

    clinic_id: UUID
    revision: int = 1

    def changed(self, **changes) -> Self:
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
        return getattr(self, self.id_field)


def normalise(entity: SettingsEntity, field: str, value) -> None:
    """Store the canonical form of a field while validating a frozen entity."""
    object.__setattr__(entity, field, value)


def distinct(values) -> tuple:
    """The values without repeats, in their first order."""
    return tuple(dict.fromkeys(values))
