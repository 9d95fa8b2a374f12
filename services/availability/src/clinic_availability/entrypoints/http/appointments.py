"""Appointments a scheduler books and cancels. Who may is decided here: a scheduler books only at
their locations, for therapists who work at one of them and patients they may see; they read and
cancel only appointments of such patients (or, without a patient, at their locations). Anything
else is a 404, as if it did not exist."""

from datetime import UTC, datetime
from uuid import UUID

from fastapi import APIRouter, Response

from clinic_availability.adapters.replicated_settings import UnknownSetting
from clinic_availability.entrypoints.http.common import ActingStaffUser, Scope, StaffOrOperator, not_here
from clinic_availability.entrypoints.http.documents import AppointmentDocument
from clinic_availability.service_layer import bookings
from clinic_availability.service_layer.bookings import NewAppointment
from clinic_availability.service_layer.errors import ItemNotFound
from clinic_availability.service_layer.unit_of_work import reading
from clinic_contracts.access import SchedulerScope
from servicekit.runtime import Runtime

router = APIRouter(prefix="/appointments", tags=["appointments"], dependencies=StaffOrOperator)


@router.post("", status_code=201)
async def book_appointment(
    body: NewAppointment, staff_id: ActingStaffUser, scope: Scope, runtime: Runtime, response: Response
) -> AppointmentDocument:
    """Books over pending requests (each is told it was overbooked), never over an appointment or a
    block (409 `calendar-conflict`). Off the slot grid and inside the minimum notice are allowed;
    the past, closed days and time outside the location's or therapist's hours are not (422
    `not-bookable`). The same booking again, with the same `appointment_id`, answers 200."""
    await _may_book(runtime, scope, body)
    booking = await bookings.book_directly(runtime, bookings.BookAppointment(staff_id, body), datetime.now(UTC))
    if not booking.created:
        response.status_code = 200
    return AppointmentDocument.of(booking.appointment)


@router.get("/{appointment_id}")
async def get_appointment(appointment_id: UUID, scope: Scope, runtime: Runtime) -> AppointmentDocument:
    return _seen(AppointmentDocument.of(await bookings.appointment(runtime, appointment_id)), scope)


@router.post("/{appointment_id}/cancel")
async def cancel_appointment(
    appointment_id: UUID, staff_id: ActingStaffUser, scope: Scope, runtime: Runtime
) -> AppointmentDocument:
    _seen(AppointmentDocument.of(await bookings.appointment(runtime, appointment_id)), scope)
    return AppointmentDocument.of(await bookings.cancel_appointment(runtime, appointment_id, staff_id))


async def _may_book(runtime: Runtime, scope: SchedulerScope | None, body: NewAppointment) -> None:
    if scope is not None:
        if not scope.sees_location(body.location_id):
            raise not_here("location")
        if not scope.sees_therapist(body.therapist_id):
            raise not_here("therapist")
        if body.patient_id is not None and not scope.sees_patient(body.patient_id):
            raise not_here("patient")
    if body.case_id is not None:
        # A case is booked for its own patient only, whoever books.
        async with reading(runtime) as uow:
            try:
                case = await uow.settings.case(body.case_id)
            except UnknownSetting:
                raise not_here("case") from None
        if case.patient_id != body.patient_id:
            raise not_here("case")


def _seen(appointment: AppointmentDocument, scope: SchedulerScope | None) -> AppointmentDocument:
    """The appointment, if the scheduler may see it: of a patient they may see or, without one,
    at one of their locations."""
    if scope is None:
        return appointment
    visible = (
        scope.sees_patient(appointment.patient_id)
        if appointment.patient_id is not None
        else scope.sees_location(appointment.location_id)
    )
    if not visible:
        raise ItemNotFound("appointment", appointment.appointment_id)  # as for no appointment at all
    return appointment
