"""The request workflow's events, each applied at most once: the inbox records the event in the
same transaction as its effect, and holds and bookings are keyed by their ids besides.

RequestSubmitted and RequestEdited place holds, RequestApprovalStarted books, and a request that
ends without an appointment (declined, cancelled, expired) releases its hold;
AppointmentCancellationStarted cancels an approved request's appointment for its portal user.
RequestCounterOffered holds the offered times; an offer accepted, declined or expired releases
the offered holds not taken (an accepted one is booked by the RequestApprovalStarted that follows).
A request awaiting a time (RequestAwaitingTime) holds nothing: the time a scheduler chooses for it
comes as RequestEdited, naming the patient and case since there is no previous hold.
The other request events need nothing from this service. Which function applies each event is
said beside it: holds.HANDLERS and bookings.HANDLERS.
"""

from collections.abc import Awaitable, Callable
from datetime import datetime

from clinic_availability.service_layer import bookings, holds
from clinic_availability.service_layer.unit_of_work import CalendarUnitOfWork, unit_of_work
from clinic_contracts import EventEnvelope
from clinic_contracts.events import Event
from servicekit.runtime import ServiceRuntime

CONSUMER = "request-holds"

Handler = Callable[[CalendarUnitOfWork, EventEnvelope, Event, datetime], Awaitable[None]]

HANDLERS: dict[type[Event], Handler] = {**holds.HANDLERS, **bookings.HANDLERS}


async def apply_request_event(runtime: ServiceRuntime, envelope: EventEnvelope, event: Event, now: datetime) -> None:
    handle = HANDLERS.get(type(event))
    if handle is None:
        return
    async with unit_of_work(runtime) as uow:
        if await uow.first_delivery(CONSUMER, envelope.event_id):
            await handle(uow, envelope, event, now)
