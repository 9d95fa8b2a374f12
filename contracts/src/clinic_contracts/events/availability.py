"""Events published by the availability service: holds, bookings and cancellations.

They travel on one topic keyed by the request id (or the appointment id for an appointment a
scheduler booked directly), so every outcome for one request arrives in order.
"""

import uuid
from enum import StrEnum

from pydantic import AwareDatetime

from clinic_contracts.events.base import Event


class RefusalReason(StrEnum):
    """Why a time cannot be held or booked; stable codes a page can explain."""

    OUTSIDE_LOCATION_HOURS = "outside_location_hours"
    LOCATION_CLOSED = "location_closed"
    OUTSIDE_WORKING_HOURS = "outside_working_hours"
    CONFLICTS_WITH_CALENDAR = "conflicts_with_calendar"
    WITHIN_MINIMUM_NOTICE = "within_minimum_notice"
    BEYOND_BOOKING_HORIZON = "beyond_booking_horizon"
    WRONG_DURATION = "wrong_duration"
    NOT_ON_SLOT_GRID = "not_on_slot_grid"
    UNKNOWN_THERAPIST_OR_LOCATION = "unknown_therapist_or_location"


class BookedBy(StrEnum):
    REQUEST = "request"
    SCHEDULER = "scheduler"


class CancelledBy(StrEnum):
    """Who cancelled an appointment: the clinic's staff, or a portal user under the clinic's policy
    (the prefixes of the envelope's `actor`)."""

    STAFF = "staff"
    PORTAL = "portal"


class HoldPlaced(Event):
    """A pending request now sits on the therapist's calendar. `blocking` is the clinic's policy:
    a blocking hold keeps other portal requests off that time (schedulers may book over it)."""

    event_type = "HoldPlaced"

    request_id: uuid.UUID
    hold_id: uuid.UUID
    therapist_id: uuid.UUID
    location_id: uuid.UUID
    start: AwareDatetime
    end: AwareDatetime
    blocking: bool


class HoldRefused(Event):
    event_type = "HoldRefused"

    request_id: uuid.UUID
    hold_id: uuid.UUID
    reason_code: RefusalReason
    reason: str


class HoldReleased(Event):
    event_type = "HoldReleased"

    request_id: uuid.UUID
    hold_id: uuid.UUID


class PendingRequestOverbooked(Event):
    """A scheduler booked an appointment over a pending request's time."""

    event_type = "PendingRequestOverbooked"

    request_id: uuid.UUID
    hold_id: uuid.UUID
    appointment_id: uuid.UUID


class AppointmentBooked(Event):
    event_type = "AppointmentBooked"

    appointment_id: uuid.UUID
    request_id: uuid.UUID | None
    therapist_id: uuid.UUID
    location_id: uuid.UUID
    patient_id: uuid.UUID | None
    case_id: uuid.UUID | None
    visit_type_id: uuid.UUID | None
    start: AwareDatetime
    end: AwareDatetime
    booked_by: BookedBy


class BookingRefused(Event):
    """Approving a request could not book it; the request stays pending, marked as conflicting."""

    event_type = "BookingRefused"

    request_id: uuid.UUID
    hold_id: uuid.UUID
    reason_code: RefusalReason
    reason: str
    conflicting_item_ids: tuple[uuid.UUID, ...] = ()


class AppointmentCancelled(Event):
    """The appointment's time is free again. Who cancelled it and when were added later, so they are
    optional: an older event names neither (its envelope's `actor` and `occurred_at` still do)."""

    event_type = "AppointmentCancelled"

    appointment_id: uuid.UUID
    request_id: uuid.UUID | None
    therapist_id: uuid.UUID
    cancelled_by: CancelledBy | None = None
    cancelled_by_id: uuid.UUID | None = None
    cancelled_at: AwareDatetime | None = None
