"""A patient: only what scheduling needs, a name."""

from dataclasses import dataclass
from uuid import UUID

from clinic_contracts.events import PatientChanged

from clinic_settings.domain.entity import SettingsEntity, normalise
from clinic_settings.domain.names import required_name


@dataclass(frozen=True, kw_only=True)
class Patient(SettingsEntity):
    kind = "patient"
    event = PatientChanged
    id_field = "patient_id"

    patient_id: UUID
    name: str

    def __post_init__(self) -> None:
        normalise(self, "name", required_name(self.name, "patient's name"))
