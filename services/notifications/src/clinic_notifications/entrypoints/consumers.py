"""The request, calendar and account-link topics, into notices."""

from datetime import UTC, datetime

from clinic_contracts import EventEnvelope
from clinic_contracts.events import Event
from clinic_contracts.topics import ACCOUNT_LINKS, APPOINTMENT_REQUESTS, CALENDAR
from clinic_notifications.service_layer.composing import CONSUMER, Composer
from servicekit.runtime import ServiceRuntime


def follow_requests_and_calendar(runtime: ServiceRuntime, composer: Composer) -> None:
    async def handle(envelope: EventEnvelope, event: Event) -> None:
        await composer.apply(envelope, event, datetime.now(UTC))

    runtime.follow(
        [APPOINTMENT_REQUESTS, CALENDAR, ACCOUNT_LINKS],
        consumer=CONSUMER,
        handle=handle,
        retry_delay_seconds=runtime.settings.consumer_retry_seconds,
    )
