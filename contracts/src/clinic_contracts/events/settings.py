"""Events published by the clinic-settings service."""

import uuid

from pydantic import BaseModel, ConfigDict, Field

from clinic_contracts.events.base import StateEvent


class RequestPolicy(BaseModel):
    """How the clinic lets portal users request appointments."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    minimum_notice_hours: int = Field(ge=0, le=24 * 90)
    booking_horizon_days: int = Field(ge=1, le=730)
    slot_interval_minutes: int = Field(ge=5, le=240)
    pending_request_holds_slot: bool
    pending_request_expiry_hours: int = Field(ge=1, le=24 * 60)
    max_pending_requests_per_case: int = Field(ge=1, le=100)


class ClinicSettingsChanged(StateEvent):
    """The clinic's full settings after a change."""

    event_type = "ClinicSettingsChanged"
    schema_version = 1

    clinic_id: uuid.UUID
    name: str
    time_zone: str
    appointment_requests_enabled: bool
    request_policy: RequestPolicy

    @property
    def entity_id(self) -> str:
        return str(self.clinic_id)
