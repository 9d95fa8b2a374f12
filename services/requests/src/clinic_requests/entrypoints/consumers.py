"""Availability's answers, from the calendar topic; and the times it frees, for the waitlist."""

from datetime import UTC, datetime

from clinic_contracts import EventEnvelope
from clinic_contracts.events import Event
from clinic_contracts.topics import CALENDAR
from clinic_requests.service_layer.calendar_outcomes import CONSUMER, apply_calendar_event
from clinic_requests.service_layer.unit_of_work import UnitOfWorkFactory
from clinic_requests.service_layer.waitlist import offer_freed_time
from servicekit.runtime import ServiceRuntime


def follow_calendar(runtime: ServiceRuntime, uows: UnitOfWorkFactory) -> None:
    async def handle(envelope: EventEnvelope, event: Event) -> None:
        now = datetime.now(UTC)
        if answered := await apply_calendar_event(uows, envelope, event, now):
            # Committed: a call of this process waiting for the answer (`?wait_seconds=`) looks now.
            runtime.changes.changed(("request", answered))
        # Once the request it was about has taken the answer (a lapsed offer is over, say).
        await offer_freed_time(uows, envelope, event, now)

    runtime.follow([CALENDAR], consumer=CONSUMER, handle=handle)
