"""Availability's answers, from the calendar topic; and the times it frees, for the waitlist."""

from datetime import UTC, datetime

from clinic_contracts import EventEnvelope
from clinic_contracts.events import Event
from clinic_contracts.topics import CALENDAR
from clinic_requests.service_layer.calendar_outcomes import CONSUMER, apply_calendar_event
from clinic_requests.service_layer.waitlist import offer_freed_time
from servicekit.runtime import ServiceRuntime


def follow_calendar(runtime: ServiceRuntime) -> None:
    async def handle(envelope: EventEnvelope, event: Event) -> None:
        now = datetime.now(UTC)
        await apply_calendar_event(runtime, envelope, event, now)
        # Once the request it was about has taken the answer (a lapsed offer is over, say).
        await offer_freed_time(runtime, envelope, event, now)

    runtime.follow([CALENDAR], consumer=CONSUMER, handle=handle)
