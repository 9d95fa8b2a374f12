"""The envelope every event travels in, whatever its topic."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, field_validator


class EventEnvelope(BaseModel):
    """Metadata shared by all events; `payload` is validated against the event's own model.

    `event_id` is the idempotency key consumers record; `correlation_id` follows one user action
    through every service, `causation_id` names the event that caused this one.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    event_id: uuid.UUID = Field(default_factory=uuid.uuid4)
    event_type: str
    schema_version: int = Field(ge=1)
    occurred_at: AwareDatetime = Field(default_factory=lambda: datetime.now(UTC))
    correlation_id: uuid.UUID = Field(default_factory=uuid.uuid4)
    causation_id: uuid.UUID | None = None
    # Who made the change: "staff:<id>", "portal:<id>" or "system:<name>" (`servicekit` writes it
    # from the actor token of the call); none for a service's own job, such as an expiry sweep.
    actor: str | None = Field(default=None, max_length=80)
    clinic_id: uuid.UUID
    payload: dict[str, Any]

    @field_validator("occurred_at")
    @classmethod
    def _in_utc(cls, value: datetime) -> datetime:
        return value.astimezone(UTC)

    def to_bytes(self) -> bytes:
        return self.model_dump_json().encode()

    @classmethod
    def from_bytes(cls, raw: bytes) -> EventEnvelope:
        """Read tolerantly, as `clinic_contracts.codec.unwrap` reads the payload: an envelope field
        added after this consumer was built is ignored, not refused."""
        return cls.model_validate_json(raw, extra="ignore")
