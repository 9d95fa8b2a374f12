"""Appointments: booked by approving a request, or directly by a scheduler; cancelled by a
scheduler, or by a portal user through the request workflow (under the clinic's policy, which the
request service judges), both by `cancel`.

Schedulers book under the scheduler's rules (`domain.placements`): never over an appointment or a
block, always over holds. Each pending request whose hold a new appointment overlaps is told so
(PendingRequestOverbooked); its hold stays until the request ends.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from uuid import UUID, uuid5

from clinic_availability.adapters.replicated_settings import UnknownSetting
from clinic_availability.domain import BookedBy, CalendarItem, ItemKind, ItemStatus, Placement, Refusal
from clinic_availability.domain.calendar import VISIT_FIELDS, visit_of
from clinic_availability.service_layer.availability import Judgement, Visit, judge
from clinic_availability.service_layer.calendar_views import CalendarEntry, entry_of
from clinic_availability.service_layer.errors import (
    CalendarConflict,
    ItemExists,
    ItemNotFound,
    NotBookable,
)
from clinic_availability.service_layer.ranges import utc_times
from clinic_availability.service_layer.staff_commands import ByStaff
from clinic_availability.service_layer.unit_of_work import CalendarUnitOfWork, reading, unit_of_work
from clinic_contracts import EventEnvelope
from clinic_contracts.calendar_range import Instant
from clinic_contracts.events import (
    AppointmentBooked,
    AppointmentCancellationStarted,
    AppointmentCancelled,
    BookingRefused,
    CancelledBy,
    PendingRequestOverbooked,
    RefusalReason,
    RequestApprovalStarted,
)
from clinic_contracts.events import BookedBy as BookedByOnTheWire
from servicekit.request_body import RequestBody
from servicekit.runtime import ServiceRuntime

# Longer than any visit; a longer "appointment" is a typing mistake.
LONGEST_APPOINTMENT = timedelta(hours=12)


async def book_approved_request(
    uow: CalendarUnitOfWork, cause: EventEnvelope, event: RequestApprovalStarted, now: datetime
) -> None:
    """Turn the request's hold into an appointment. A request is booked once: approving it again
    books nothing new."""
    if await uow.calendar.appointment_for_request(event.request_id) is not None:
        return
    await uow.calendar.lock([event.therapist_id])
    visit = Visit(event.therapist_id, event.location_id, event.start, event.end, event.request_id)
    try:
        judgement = await judge(uow, visit, Placement.APPOINTMENT, now)
    except UnknownSetting as unknown:
        await _refuse_booking(uow, cause, event, RefusalReason.UNKNOWN_THERAPIST_OR_LOCATION, str(unknown))
        return
    if judgement.refusal is not None:
        conflicts = tuple(item.item_id for item in judgement.conflicts)
        reason = judgement.refusal.reason
        await _refuse_booking(uow, cause, event, reason, judgement.refusal.explanation, conflicts)
        return
    hold = await uow.calendar.get(event.hold_id)
    if hold is not None and hold.status is ItemStatus.ACTIVE:
        await uow.calendar.set_status(hold.item_id, ItemStatus.BOOKED)
    appointment = CalendarItem(
        # Derived from the approval, not drawn at random: an approval applied again (a database
        # restored from a backup reads it anew) books the appointment the request service knows.
        item_id=uuid5(cause.event_id, "appointment"),
        clinic_id=cause.clinic_id,
        kind=ItemKind.APPOINTMENT,
        booked_by=BookedBy.REQUEST,
        created_by=event.approved_by,
        **visit_of(event),
    )
    await _book(uow, appointment, judgement, cause)


async def _refuse_booking(
    uow: CalendarUnitOfWork,
    cause: EventEnvelope,
    event: RequestApprovalStarted,
    reason: RefusalReason,
    text: str,
    conflicting_item_ids: tuple[UUID, ...] = (),
) -> None:
    refused = BookingRefused(
        request_id=event.request_id,
        hold_id=event.hold_id,
        reason_code=reason,
        reason=text,
        conflicting_item_ids=conflicting_item_ids,
    )
    await uow.publish(refused, key=event.request_id, clinic_id=cause.clinic_id, cause=cause)


async def _book(
    uow: CalendarUnitOfWork, appointment: CalendarItem, judgement: Judgement, cause: EventEnvelope | None
) -> None:
    await uow.calendar.add(appointment)
    booked = AppointmentBooked(
        appointment_id=appointment.item_id,
        booked_by=BookedByOnTheWire(appointment.booked_by.value),
        **appointment.fields(*VISIT_FIELDS),
    )
    await uow.publish(
        booked, key=appointment.request_id or appointment.item_id, clinic_id=appointment.clinic_id, cause=cause
    )
    for hold in judgement.overlapped_holds:
        overbooked = PendingRequestOverbooked(
            request_id=hold.request_id, hold_id=hold.item_id, appointment_id=appointment.item_id
        )
        await uow.publish(overbooked, key=hold.request_id, clinic_id=appointment.clinic_id, cause=cause)


class NewAppointment(RequestBody):
    """A scheduler's booking. Give `appointment_id` to make retries safe."""

    therapist_id: UUID
    location_id: UUID
    start: Instant
    end: Instant
    appointment_id: UUID | None = None
    patient_id: UUID | None = None
    case_id: UUID | None = None
    visit_type_id: UUID | None = None


# A scheduler's direct booking: who books, and what they asked for (the body of POST /appointments).
# `appointment_id`, when given, makes a retry safe: the same booking again answers with the
# appointment already made.
BookAppointment = ByStaff[NewAppointment]


@dataclass(frozen=True)
class Booking:
    appointment: CalendarEntry
    # False when the same booking had been made before: `appointment` is that one.
    created: bool


async def book_directly(runtime: ServiceRuntime, command: BookAppointment, now: datetime) -> Booking:
    """Raises CalendarConflict (an appointment or block in the way), NotBookable (hours, closures,
    the past), UnknownSetting, ItemExists or InvalidRequest."""
    asked = command.asked
    rule = "An appointment ends after it starts, within 12 hours."
    start, end = utc_times(asked.start, asked.end, LONGEST_APPOINTMENT, rule)
    async with unit_of_work(runtime) as uow:
        await uow.calendar.lock([asked.therapist_id])
        if asked.appointment_id is not None and (earlier := await uow.calendar.get(asked.appointment_id)):
            if not _same_booking(earlier, asked, start, end):
                raise ItemExists("appointment", asked.appointment_id)
            return Booking(await entry_of(uow, earlier), created=False)
        await _references_exist(uow, asked)
        visit = Visit(asked.therapist_id, asked.location_id, start, end)
        judgement = await judge(uow, visit, Placement.APPOINTMENT, now)
        if judgement.refusal is Refusal.CONFLICTS_WITH_CALENDAR:
            raise CalendarConflict([item.item_id for item in judgement.conflicts])
        if judgement.refusal is not None:
            raise NotBookable(judgement.refusal)
        appointment = command.calendar_item(
            asked.appointment_id, judgement.clinic_id, ItemKind.APPOINTMENT, booked_by=BookedBy.SCHEDULER
        )
        await _book(uow, appointment, judgement, cause=None)
        return Booking(await entry_of(uow, appointment), created=True)


def _same_booking(earlier: CalendarItem, asked: NewAppointment, start: datetime, end: datetime) -> bool:
    return (
        earlier.kind is ItemKind.APPOINTMENT
        and (earlier.start, earlier.end) == (start, end)
        and all(
            getattr(earlier, name) == getattr(asked, name)
            for name in ("therapist_id", "location_id", "patient_id", "case_id", "visit_type_id")
        )
    )


async def _references_exist(uow: CalendarUnitOfWork, asked: NewAppointment) -> None:
    if asked.patient_id is not None:
        await uow.settings.patient(asked.patient_id)
    if asked.case_id is not None:
        await uow.settings.case(asked.case_id)
    if asked.visit_type_id is not None:
        await uow.settings.visit_type(asked.visit_type_id)


async def appointment(runtime: ServiceRuntime, appointment_id: UUID) -> CalendarEntry:
    async with reading(runtime) as uow:
        found = await uow.calendar.get(appointment_id)
        if found is None or found.kind is not ItemKind.APPOINTMENT:
            raise ItemNotFound("appointment", appointment_id)
        return await entry_of(uow, found)


async def cancel_appointment(runtime: ServiceRuntime, appointment_id: UUID, staff_id: UUID) -> CalendarEntry:
    """A scheduler's cancellation. Frees the time; cancelling a cancelled appointment changes nothing
    and publishes nothing."""
    async with unit_of_work(runtime) as uow:
        found = await uow.calendar.get(appointment_id)
        if found is None or found.kind is not ItemKind.APPOINTMENT:
            raise ItemNotFound("appointment", appointment_id)
        cancelled = await cancel(uow, found, CancelledBy.STAFF, staff_id, datetime.now(UTC))
        return await entry_of(uow, cancelled)


async def cancel_for_portal_user(
    uow: CalendarUnitOfWork, cause: EventEnvelope, event: AppointmentCancellationStarted, now: datetime
) -> None:
    """The request workflow's word that a portal user cancelled their approved appointment."""
    found = await uow.calendar.get(event.appointment_id)
    if found is None or found.kind is not ItemKind.APPOINTMENT or found.request_id != event.request_id:
        return  # not that request's appointment: nothing of ours to cancel
    await cancel(uow, found, CancelledBy.PORTAL, event.portal_user_id, now, cause)


async def cancel(
    uow: CalendarUnitOfWork,
    appointment: CalendarItem,
    by: CancelledBy,
    by_id: UUID,
    now: datetime,
    cause: EventEnvelope | None = None,
) -> CalendarItem:
    """The one way an appointment is cancelled: its time is free again, and AppointmentCancelled
    says who did it and when. An appointment already cancelled stays as it was."""
    if appointment.status is ItemStatus.CANCELLED:
        return appointment
    # The column names staff only (who on the clinic's side); a portal user is in the event.
    staff_id = by_id if by is CancelledBy.STAFF else None
    await uow.calendar.set_status(appointment.item_id, ItemStatus.CANCELLED, cancelled_by=staff_id)
    cancelled = AppointmentCancelled(
        appointment_id=appointment.item_id,
        cancelled_by=by,
        cancelled_by_id=by_id,
        cancelled_at=now,
        **appointment.fields("request_id", "therapist_id", "location_id", "start", "end"),
    )
    key = appointment.request_id or appointment.item_id
    await uow.publish(cancelled, key=key, clinic_id=appointment.clinic_id, cause=cause)
    return replace(appointment, status=ItemStatus.CANCELLED)


# The request events that book and cancel appointments (request_events applies them).
HANDLERS = {
    RequestApprovalStarted: book_approved_request,
    AppointmentCancellationStarted: cancel_for_portal_user,
}
