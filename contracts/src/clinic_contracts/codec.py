"""Wrapping payloads in envelopes and reading them back as typed events."""

import uuid
from typing import Any

from clinic_contracts.envelope import EventEnvelope
from clinic_contracts.events import ALL_EVENTS, Event

_MODELS: dict[tuple[str, int], type[Event]] = {(model.event_type, model.schema_version): model for model in ALL_EVENTS}


class UnknownEvent(ValueError):
    """An envelope whose type and version no contract describes."""


def wrap(
    event: Event,
    *,
    clinic_id: uuid.UUID,
    correlation_id: uuid.UUID | None = None,
    causation_id: uuid.UUID | None = None,
    actor: str | None = None,
) -> EventEnvelope:
    # Left out, the envelope makes a new one.
    fields: dict[str, Any] = {"correlation_id": correlation_id} if correlation_id else {}
    return EventEnvelope(
        event_type=event.event_type,
        schema_version=event.schema_version,
        clinic_id=clinic_id,
        causation_id=causation_id,
        actor=actor,
        payload=event.model_dump(mode="json"),
        **fields,
    )


def unwrap(envelope: EventEnvelope) -> Event:
    """The typed event, read tolerantly: a field this model does not know is ignored.

    The models forbid unknown fields (`extra="forbid"`), which keeps a producer from writing a
    field the contract lacks. A consumer must not: a producer that added an optional field (a
    compatible change, clinic_contracts.compatibility) is deployed before or after its consumers,
    and an older consumer that refused the new field would dead-letter every event from then on.
    So consumers read as the tolerant reader does, here and in `EventEnvelope.from_bytes`.
    """
    model = _MODELS.get((envelope.event_type, envelope.schema_version))
    if model is None:
        raise UnknownEvent(f"{envelope.event_type} v{envelope.schema_version}")
    return model.model_validate(envelope.payload, extra="ignore")
