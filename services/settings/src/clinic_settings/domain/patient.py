"""A patient: only what scheduling needs, a name and a date of birth to tell namesakes apart."""

from dataclasses import dataclass
from datetime import date
from uuid import UUID

from clinic_contracts.events import PatientChanged
from clinic_settings.domain.entity import SettingsEntity, normalise
from clinic_settings.domain.errors import SettingsRuleBroken
from clinic_settings.domain.names import required_name

EARLIEST_BIRTH = date(1900, 1, 1)


@dataclass(frozen=True, kw_only=True)
class Patient(SettingsEntity, kind="patient", event=PatientChanged, id_field="patient_id"):
    patient_id: UUID
    name: str
    date_of_birth: date | None = None
    active: bool = True

    def __post_init__(self) -> None:
        normalise(self, "name", required_name(self.name, "patient's name"))
        if self.date_of_birth is not None and not EARLIEST_BIRTH <= self.date_of_birth <= date.today():
            raise SettingsRuleBroken(
                "date-of-birth-out-of-range",
                f"A date of birth is between {EARLIEST_BIRTH} and today, not {self.date_of_birth}.",
            )
