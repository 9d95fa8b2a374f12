"""A therapist and the locations where they work."""

from dataclasses import dataclass
from uuid import UUID

from clinic_contracts.events import TherapistChanged
from clinic_settings.domain.entity import SettingsEntity, distinct, normalise
from clinic_settings.domain.names import required_name


@dataclass(frozen=True, kw_only=True)
class Therapist(SettingsEntity, kind="therapist", event=TherapistChanged, id_field="therapist_id"):
    therapist_id: UUID
    name: str
    location_ids: tuple[UUID, ...] = ()
    active: bool = True

    def __post_init__(self) -> None:
        normalise(self, "name", required_name(self.name, "therapist's name"))
        normalise(self, "location_ids", distinct(self.location_ids))

    def works_at(self, location_id: UUID) -> bool:
        return location_id in self.location_ids
