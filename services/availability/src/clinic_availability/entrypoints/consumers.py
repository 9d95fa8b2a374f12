"""The request workflow's events, from the appointment-requests topic."""

from datetime import UTC, datetime

from clinic_availability.service_layer.request_events import CONSUMER, apply_request_event
from clinic_contracts import EventEnvelope
from clinic_contracts.events import Event
from clinic_contracts.topics import APPOINTMENT_REQUESTS
from servicekit.runtime import ServiceRuntime


def follow_requests(runtime: ServiceRuntime) -> None:
    async def handle(envelope: EventEnvelope, event: Event) -> None:
        await apply_request_event(runtime, envelope, event, datetime.now(UTC))

    runtime.follow([APPOINTMENT_REQUESTS], consumer=CONSUMER, handle=handle)
