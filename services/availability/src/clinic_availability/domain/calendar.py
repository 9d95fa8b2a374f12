"""What sits on a therapist's calendar: appointments, blocks and the holds of pending requests."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from uuid import UUID

from .intervals import Interval


class ItemKind(StrEnum):
    APPOINTMENT = "appointment"
    BLOCK = "block"  # a meeting, admin time: busy, but no patient
    HOLD = "hold"  # a pending appointment request's time


class ItemStatus(StrEnum):
    """Only active items are on the calendar; the others are kept as the record of an answer,
    so the same hold or booking asked for again is recognised."""

    ACTIVE = "active"
    REFUSED = "refused"  # a hold that could not be placed
    RELEASED = "released"  # a hold whose request ended without an appointment
    BOOKED = "booked"  # a hold that became an appointment
    CANCELLED = "cancelled"  # an appointment


class BookedBy(StrEnum):
    REQUEST = "request"
    SCHEDULER = "scheduler"


@dataclass(frozen=True)
class CalendarItem:
    """One item on one therapist's calendar, in UTC.

    A hold's `blocking` is the clinic's policy when it was placed: a blocking hold keeps other
    portal requests off its time, a non-blocking one is only shown. Appointments and blocks
    always block.
    """

    item_id: UUID
    clinic_id: UUID
    kind: ItemKind
    therapist_id: UUID
    start: datetime
    end: datetime
    location_id: UUID | None = None
    status: ItemStatus = ItemStatus.ACTIVE
    blocking: bool = True
    request_id: UUID | None = None
    patient_id: UUID | None = None
    case_id: UUID | None = None
    visit_type_id: UUID | None = None
    title: str = ""
    booked_by: BookedBy | None = None
    created_by: UUID | None = None
    refusal: str | None = None

    @property
    def interval(self) -> Interval:
        return Interval(self.start, self.end)

    def overlaps(self, start: datetime, end: datetime) -> bool:
        return self.start < end and start < self.end


def overlapping(items: Iterable[CalendarItem], start: datetime, end: datetime) -> list[CalendarItem]:
    return [item for item in items if item.overlaps(start, end)]
