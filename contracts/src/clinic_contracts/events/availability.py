"""Events published by the availability service: holds, bookings and cancellations.

They travel on one topic keyed by the request id (or the appointment id for an appointment a
scheduler booked directly), so every outcome for one request arrives in order.
"""

import uuid
from enum import StrEnum

from pydantic import AwareDatetime, GetJsonSchemaHandler
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema

from clinic_contracts.events.base import Event


class RefusalReason(StrEnum):
    """Why a time cannot be held or booked; stable codes a page can explain.

    The codes were snake_case until they took the kebab-case of every other code of the system;
    events already on the topics still carry the old spelling, which `_missing_` reads as the new.
    """

    OUTSIDE_LOCATION_HOURS = "outside-location-hours"
    LOCATION_CLOSED = "location-closed"
    THERAPIST_NOT_WORKING_THAT_DAY = "therapist-not-working-that-day"
    OUTSIDE_WORKING_HOURS = "outside-working-hours"
    CONFLICTS_WITH_CALENDAR = "conflicts-with-calendar"
    WITHIN_MINIMUM_NOTICE = "within-minimum-notice"
    BEYOND_BOOKING_HORIZON = "beyond-booking-horizon"
    WRONG_DURATION = "wrong-duration"
    NOT_ON_SLOT_GRID = "not-on-slot-grid"
    UNKNOWN_THERAPIST_OR_LOCATION = "unknown-therapist-or-location"

    @classmethod
    def _missing_(cls, value: object) -> "RefusalReason | None":
        if isinstance(value, str):
            return cls._value2member_map_.get(value.replace("_", "-"))  # type: ignore[return-value]
        return None

    @classmethod
    def __get_pydantic_json_schema__(cls, core_schema: CoreSchema, handler: GetJsonSchemaHandler) -> JsonSchemaValue:
        """The schema names the old spellings too: a validator of older events must accept them."""
        schema = handler.resolve_ref_schema(handler(core_schema))
        schema["enum"] = [*schema["enum"], *(value.replace("-", "_") for value in schema["enum"])]
        return schema


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
    """The hold's time is free again. Its time was added later (for the waitlist), so it is
    optional: an older event names only the hold."""

    event_type = "HoldReleased"

    request_id: uuid.UUID
    hold_id: uuid.UUID
    therapist_id: uuid.UUID | None = None
    location_id: uuid.UUID | None = None
    start: AwareDatetime | None = None
    end: AwareDatetime | None = None


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
    # Added later still (for the waitlist): the time freed, where.
    location_id: uuid.UUID | None = None
    start: AwareDatetime | None = None
    end: AwareDatetime | None = None


class BlockRemoved(Event):
    """A scheduler removed a block: its time on the therapist's calendar is free again (the
    waitlist may offer it). Keyed by the block id."""

    event_type = "BlockRemoved"

    block_id: uuid.UUID
    therapist_id: uuid.UUID
    location_id: uuid.UUID | None
    start: AwareDatetime
    end: AwareDatetime
