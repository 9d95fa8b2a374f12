"""Availability's answers about a request's holds and booking, applied at most once each.

The inbox records the event in the same transaction as its effect, so a redelivery does nothing;
the request itself also ignores answers about a hold that is no longer its own.
"""

import logging
from collections.abc import Callable
from datetime import datetime
from uuid import UUID

from clinic_contracts import EventEnvelope
from clinic_contracts.events import (
    AppointmentBooked,
    AppointmentCancelled,
    BookingRefused,
    CancelledBy,
    Event,
    HoldPlaced,
    HoldRefused,
    PendingRequestOverbooked,
)
from clinic_requests.domain.appointment_request import Actor, ActorKind, AppointmentRequest, Reason
from clinic_requests.service_layer.unit_of_work import UnitOfWorkFactory

CONSUMER = "request-outcomes"

log = logging.getLogger(__name__)

Outcome = Callable[[AppointmentRequest, datetime], bool]


def outcome_of(envelope: EventEnvelope, event: Event) -> tuple[UUID, Outcome] | None:
    """The request an event is about and what it does to it; None for events about no request
    (a scheduler's own booking or its cancellation) or of no interest here (holds released)."""
    match event:
        case HoldPlaced():
            return event.request_id, lambda request, now: request.hold_placed(event.hold_id, now)
        case HoldRefused():
            reason = Reason(event.reason_code.value, event.reason)
            return event.request_id, lambda request, now: request.hold_refused(event.hold_id, reason, now)
        case AppointmentBooked(request_id=UUID() as request_id):
            return request_id, lambda request, now: request.appointment_booked(event.appointment_id, now)
        case BookingRefused():
            reason = Reason(event.reason_code.value, event.reason)
            return event.request_id, lambda request, now: request.booking_refused(event.hold_id, reason, now)
        case PendingRequestOverbooked():
            return event.request_id, lambda request, now: request.overbooked(event.hold_id, event.appointment_id, now)
        case AppointmentCancelled(request_id=UUID() as request_id):
            by, at = cancelled_by(event), event.cancelled_at or envelope.occurred_at
            return request_id, lambda request, now: request.appointment_cancelled(event.appointment_id, by, at)
    return None


def cancelled_by(event: AppointmentCancelled) -> Actor:
    """Who availability says cancelled; an event from before it said so names nobody, and only the
    clinic's staff could cancel then."""
    if event.cancelled_by is CancelledBy.PORTAL and event.cancelled_by_id is not None:
        return Actor.portal_user(event.cancelled_by_id)
    return Actor(ActorKind.STAFF, event.cancelled_by_id)


async def apply_calendar_event(
    uows: UnitOfWorkFactory, envelope: EventEnvelope, event: Event, now: datetime
) -> UUID | None:
    """The id of the request the event was about, once its answer is committed; None for none."""
    found = outcome_of(envelope, event)
    if found is None:
        await _note_case_appointment(uows, envelope, event)
        return None
    request_id, outcome = found
    await _apply(uows, envelope, request_id, outcome, now)
    return request_id


async def _note_case_appointment(uows: UnitOfWorkFactory, envelope: EventEnvelope, event: Event) -> None:
    """A scheduler's own booking for a case (or its cancellation) uses the case's insurance
    authorization as a booked request does: stored for the one count (domain.authorization)."""
    match event:
        case AppointmentBooked(request_id=None, case_id=UUID() as case_id):
            async with uows.begin() as uow:
                if await uow.first_delivery(CONSUMER, envelope.event_id):
                    await uow.requests.record_case_appointment(event.appointment_id, case_id, event.start)
        case AppointmentCancelled(request_id=None):
            async with uows.begin() as uow:
                if await uow.first_delivery(CONSUMER, envelope.event_id):
                    await uow.requests.cancel_case_appointment(event.appointment_id)


async def _apply(
    uows: UnitOfWorkFactory, envelope: EventEnvelope, request_id: UUID, outcome: Outcome, now: datetime
) -> None:
    async with uows.begin() as uow:
        if not await uow.first_delivery(CONSUMER, envelope.event_id):
            return
        request = await uow.requests.get(request_id, for_update=True)
        if request is None:
            # Another service's request, or a test's: the calendar topic is shared.
            return
        if outcome(request, now):
            await uow.save(request, causation_id=envelope.event_id)
        else:
            log.info(
                "%s %s changed nothing for request %s (%s)",
                envelope.event_type,
                envelope.event_id,
                request_id,
                request.status,
            )
