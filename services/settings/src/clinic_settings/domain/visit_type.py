"""A kind of appointment, such as an evaluation, and how long it takes."""

from dataclasses import dataclass
from uuid import UUID

from clinic_contracts.events import VisitTypeChanged
from clinic_settings.domain.entity import SettingsEntity, normalise
from clinic_settings.domain.errors import SettingsRuleBroken
from clinic_settings.domain.names import required_name

SHORTEST_VISIT_MINUTES = 5
LONGEST_VISIT_MINUTES = 480


@dataclass(frozen=True, kw_only=True)
class VisitType(SettingsEntity, kind="visit-type", event=VisitTypeChanged, id_field="visit_type_id"):
    visit_type_id: UUID
    name: str
    duration_minutes: int
    active: bool = True

    def __post_init__(self) -> None:
        normalise(self, "name", required_name(self.name, "visit type name"))
        if not SHORTEST_VISIT_MINUTES <= self.duration_minutes <= LONGEST_VISIT_MINUTES:
            raise SettingsRuleBroken(
                "visit-duration-out-of-range",
                f"A visit lasts {SHORTEST_VISIT_MINUTES} to {LONGEST_VISIT_MINUTES} minutes,"
                f" not {self.duration_minutes}.",
            )
