"""The clinic and the policy by which it takes appointment requests."""

from dataclasses import dataclass, replace
from uuid import UUID

from clinic_contracts.events import ClinicSettingsChanged, RequestPolicy

from clinic_settings.domain.time_zones import require_time_zone

DEFAULT_REQUEST_POLICY = RequestPolicy(
    minimum_notice_hours=24,
    booking_horizon_days=60,
    slot_interval_minutes=15,
    pending_request_holds_slot=True,
    pending_request_expiry_hours=72,
    max_pending_requests_per_case=3,
)


@dataclass(frozen=True)
class Clinic:
    clinic_id: UUID
    name: str
    time_zone: str
    appointment_requests_enabled: bool = False
    request_policy: RequestPolicy = DEFAULT_REQUEST_POLICY
    revision: int = 1

    def __post_init__(self) -> None:
        require_time_zone(self.time_zone)

    def changed(self, **changes) -> "Clinic":
        return replace(self, revision=self.revision + 1, **changes)

    def as_event(self) -> ClinicSettingsChanged:
        return ClinicSettingsChanged(
            clinic_id=self.clinic_id,
            name=self.name,
            time_zone=self.time_zone,
            appointment_requests_enabled=self.appointment_requests_enabled,
            request_policy=self.request_policy,
            revision=self.revision,
        )
