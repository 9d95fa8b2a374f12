"""Availability's answers, from the calendar topic."""

from datetime import UTC, datetime

from clinic_contracts import EventEnvelope
from clinic_contracts.events import Event
from clinic_contracts.topics import CALENDAR
from servicekit.consumer import subscribe
from servicekit.runtime import ServiceRuntime

from clinic_requests.service_layer.calendar_outcomes import CONSUMER, apply_calendar_event


def follow_calendar(runtime: ServiceRuntime) -> None:
    async def handle(envelope: EventEnvelope, event: Event) -> None:
        await apply_calendar_event(runtime, envelope, event, datetime.now(UTC))

    subscribe(
        runtime.broker,
        [CALENDAR],
        group_id=runtime.consumer_group(CONSUMER),
        handle=handle,
        attempts=runtime.settings.consumer_attempts,
        offsets=runtime.offsets,
    )
