"""What sits on a therapist's calendar: appointments, blocks and the holds of pending requests."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any
from uuid import UUID

from .intervals import Interval, as_utc


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

    def fields(self, *names: str) -> dict[str, Any]:
        """These of the item's fields, for an event or a document that says them again."""
        return {name: getattr(self, name) for name in names}


# Where and when an item is, and what it is for: what events and documents about it repeat.
VISIT_FIELDS = ("therapist_id", "location_id", "start", "end", "request_id", "patient_id", "case_id", "visit_type_id")


def visit_of(source: object) -> dict[str, Any]:
    """The visit fields of an event or a command that puts an item on the calendar (None for those
    it does not name), its times in UTC: the fields a new CalendarItem takes from it."""
    visit: dict[str, Any] = {name: getattr(source, name, None) for name in VISIT_FIELDS}
    return {**visit, "start": as_utc(visit["start"]), "end": as_utc(visit["end"])}


def overlapping(items: Iterable[CalendarItem], start: datetime, end: datetime) -> list[CalendarItem]:
    return [item for item in items if item.overlaps(start, end)]
