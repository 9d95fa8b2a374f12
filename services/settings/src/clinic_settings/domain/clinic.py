"""The clinic and the policy by which it takes appointment requests."""

from dataclasses import dataclass

from clinic_contracts.events import ClinicSettingsChanged, RequestPolicy
from clinic_contracts.languages import DEFAULT_LANGUAGE
from clinic_settings.domain.entity import SettingsEntity, normalise
from clinic_settings.domain.names import required_name
from clinic_settings.domain.time_zones import require_time_zone

DEFAULT_REQUEST_POLICY = RequestPolicy(
    minimum_notice_hours=24,
    booking_horizon_days=60,
    slot_interval_minutes=15,
    pending_request_holds_slot=True,
    pending_request_expiry_hours=72,
    max_pending_requests_per_case=3,
)


@dataclass(frozen=True, kw_only=True)
class Clinic(SettingsEntity, kind="clinic", event=ClinicSettingsChanged, id_field="clinic_id"):
    name: str
    time_zone: str
    appointment_requests_enabled: bool = False
    request_policy: RequestPolicy = DEFAULT_REQUEST_POLICY
    language: str = DEFAULT_LANGUAGE

    def __post_init__(self) -> None:
        normalise(self, "name", required_name(self.name, "clinic name"))
        require_time_zone(self.time_zone)
