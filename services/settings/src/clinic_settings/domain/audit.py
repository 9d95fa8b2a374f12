"""Who changed which settings entity, when, and what differed: the audit trail's entries."""

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from clinic_settings.domain.entity import SettingsEntity
from servicekit.audit import changed_fields

# Changes made by no actor token (a job inside the service) are recorded as the service's own.
SERVICE_ITSELF = "system:settings"


@dataclass(frozen=True, kw_only=True)
class SettingsChange:
    clinic_id: UUID
    entity_kind: str
    entity_id: UUID
    revision: int
    actor: str
    changed_at: datetime
    changes: dict[str, dict[str, Any]]
    change_id: int | None = None


def change_of(before: SettingsEntity | None, after: SettingsEntity, *, actor: str, at: datetime) -> SettingsChange:
    """The entry for storing `after` over `before` (None for a creation): the fields that differ,
    as they appear on the wire, except the revision, which the entry carries itself."""
    changes = changed_fields(None if before is None else _wire(before), _wire(after))
    return SettingsChange(
        clinic_id=after.clinic_id,
        entity_kind=after.kind,
        entity_id=after.entity_id,
        revision=after.revision,
        actor=actor,
        changed_at=at,
        changes=changes,
    )


def _wire(entity: SettingsEntity) -> dict[str, Any]:
    fields = entity.as_event().model_dump(mode="json")
    fields.pop("revision")
    return fields
