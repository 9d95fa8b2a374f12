"""A course of therapy for one patient, and what portal users may request for it."""

from dataclasses import dataclass
from uuid import UUID

from clinic_contracts.events import Authorization, CaseStatus, PatientCaseChanged
from clinic_settings.domain.entity import SettingsEntity, distinct, normalise
from clinic_settings.domain.errors import SettingsRuleBroken
from clinic_settings.domain.names import required_name


@dataclass(frozen=True, kw_only=True)
class PatientCase(SettingsEntity, kind="patient-case", event=PatientCaseChanged, id_field="case_id"):
    case_id: UUID
    patient_id: UUID
    title: str
    primary_therapist_id: UUID
    location_id: UUID
    status: CaseStatus = CaseStatus.ACTIVE
    # Off until an admin opts the case in, as for locations.
    allow_appointment_requests: bool = False
    requestable_visit_type_ids: tuple[UUID, ...] = ()
    # The insurer's authorization of visits; None: the clinic tracks none for this case.
    authorization: Authorization | None = None

    def __post_init__(self) -> None:
        normalise(self, "title", required_name(self.title, "case title"))
        normalise(self, "status", CaseStatus(self.status))
        normalise(self, "requestable_visit_type_ids", distinct(self.requestable_visit_type_ids))
        require_authorization_in_order(self.authorization)

    @property
    def is_active(self) -> bool:
        return self.status is CaseStatus.ACTIVE

    def visit_types_added_since(self, earlier: "PatientCase | None") -> tuple[UUID, ...]:
        before = set(earlier.requestable_visit_type_ids) if earlier else set()
        return tuple(v for v in self.requestable_visit_type_ids if v not in before)

    def care_changed_since(self, earlier: "PatientCase | None") -> bool:
        """Whether who treats the case, where, or whether it is treated at all has changed."""
        return earlier is None or (
            (self.primary_therapist_id, self.location_id, self.status)
            != (earlier.primary_therapist_id, earlier.location_id, earlier.status)
        )


def require_authorization_in_order(authorization: Authorization | None) -> None:
    if authorization is not None and authorization.last_day < authorization.first_day:
        raise SettingsRuleBroken(
            "authorization-ends-before-it-starts",
            f"The authorization from {authorization.first_day} ends on {authorization.last_day}, before it starts.",
        )
