from datetime import UTC, datetime
from uuid import UUID

from fastapi import APIRouter, Response
from pydantic import AwareDatetime

from clinic_availability.entrypoints.http.common import ActingStaffUser, RequestBody, Runtime, StaffOrOperator
from clinic_availability.entrypoints.http.documents import AppointmentDocument
from clinic_availability.service_layer import bookings

router = APIRouter(prefix="/appointments", tags=["appointments"], dependencies=StaffOrOperator)


class NewAppointment(RequestBody):
    """A scheduler's booking. Give `appointment_id` to make retries safe."""

    therapist_id: UUID
    location_id: UUID
    start: AwareDatetime
    end: AwareDatetime
    appointment_id: UUID | None = None
    patient_id: UUID | None = None
    case_id: UUID | None = None
    visit_type_id: UUID | None = None


@router.post("", status_code=201)
async def book_appointment(
    body: NewAppointment, staff_id: ActingStaffUser, runtime: Runtime, response: Response
) -> AppointmentDocument:
    """Books over pending requests (each is told it was overbooked), never over an appointment or a
    block (409 `calendar-conflict`). Off the slot grid and inside the minimum notice are allowed;
    the past, closed days and time outside the location's or therapist's hours are not (422
    `not-bookable`). The same booking again, with the same `appointment_id`, answers 200."""
    booking = await bookings.book_directly(runtime, bookings.BookAppointment(staff_id=staff_id, **dict(body)), datetime.now(UTC))
    if not booking.created:
        response.status_code = 200
    return AppointmentDocument.of(booking.appointment)


@router.get("/{appointment_id}")
async def get_appointment(appointment_id: UUID, runtime: Runtime) -> AppointmentDocument:
    return AppointmentDocument.of(await bookings.appointment(runtime, appointment_id))


@router.post("/{appointment_id}/cancel")
async def cancel_appointment(appointment_id: UUID, staff_id: ActingStaffUser, runtime: Runtime) -> AppointmentDocument:
    return AppointmentDocument.of(await bookings.cancel_appointment(runtime, appointment_id, staff_id))
