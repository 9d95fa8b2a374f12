"""What the HTTP API answers with. Times are UTC; each also comes in the local time of its
location (with the offset), beside the IANA zone, so a page can label it without a zone database."""

from datetime import date, datetime
from typing import Any, Literal
from uuid import UUID

from pydantic import BaseModel

from clinic_availability.domain import CalendarItem, Interval, ItemKind, Slot, WorkingHours
from clinic_availability.domain.calendar import VISIT_FIELDS
from clinic_availability.service_layer.calendar_views import CalendarEntry, CalendarView
from clinic_availability.service_layer.series_preview import SeriesPreview
from clinic_availability.service_layer.slots import SlotListing
from clinic_availability.service_layer.working_hours import Schedule
from clinic_contracts.events import OpeningInterval

# `busy`: time taken by a patient the calendar's reader has no access to (only its time is shown).
ItemKindName = Literal["appointment", "block", "pending_request", "busy"]
# A hold is what a page shows as a pending request, in diagonal stripes.
_KIND_NAMES: dict[ItemKind, ItemKindName] = {
    ItemKind.APPOINTMENT: "appointment",
    ItemKind.BLOCK: "block",
    ItemKind.HOLD: "pending_request",
}


class SlotDocument(BaseModel):
    start: datetime
    end: datetime
    local_start: datetime
    local_end: datetime


class _VisitsOfOneType(BaseModel):
    """Times for one therapist, location and visit type: what slots and a series preview list."""

    therapist_id: UUID
    location_id: UUID
    visit_type_id: UUID
    duration_minutes: int
    time_zone: str

    @staticmethod
    def _fields(listed: SlotListing | SeriesPreview) -> dict[str, Any]:
        return {
            "therapist_id": listed.therapist_id,
            "location_id": listed.location_id,
            "visit_type_id": listed.visit_type_id,
            "duration_minutes": int(listed.duration.total_seconds() // 60),
            "time_zone": listed.zone.key,
        }


class SlotsDocument(_VisitsOfOneType):
    slots: list[SlotDocument]

    @classmethod
    def of(cls, listing: SlotListing) -> "SlotsDocument":
        return cls(slots=[_slot(slot) for slot in listing.slots], **cls._fields(listing))


class PreviewedVisitDocument(BaseModel):
    number: int
    # As local clocks read it; `start` None: that local time does not exist that day.
    local_start: datetime
    local_end: datetime | None
    start: datetime | None
    end: datetime | None
    available: bool
    unavailable_code: str | None
    unavailable_reason: str | None


class SeriesPreviewDocument(_VisitsOfOneType):
    visits: list[PreviewedVisitDocument]

    @classmethod
    def of(cls, preview: SeriesPreview) -> "SeriesPreviewDocument":
        zone = preview.zone
        return cls(
            **cls._fields(preview),
            visits=[
                PreviewedVisitDocument(
                    number=visit.number,
                    local_start=visit.local_start,
                    local_end=visit.end.astimezone(zone) if visit.end else None,
                    start=visit.start,
                    end=visit.end,
                    available=visit.unavailable_code is None,
                    unavailable_code=visit.unavailable_code,
                    unavailable_reason=visit.unavailable_reason,
                )
                for visit in preview.visits
            ],
        )


def _slot(slot: Slot) -> SlotDocument:
    return SlotDocument(
        start=slot.start, end=slot.end, local_start=slot.local_start, local_end=slot.end.astimezone(slot.zone)
    )


def _visit(entry: CalendarEntry) -> dict[str, Any]:
    """The item's visit fields, and its times in the location's zone."""
    item = entry.item
    local = {"local_start": item.start.astimezone(entry.zone), "local_end": item.end.astimezone(entry.zone)}
    return {**item.fields(*VISIT_FIELDS), **local, "time_zone": entry.zone.key}


class CalendarItemDocument(BaseModel):
    item_id: UUID
    kind: ItemKindName
    therapist_id: UUID
    location_id: UUID | None
    start: datetime
    end: datetime
    local_start: datetime
    local_end: datetime
    time_zone: str
    # False only for a pending request whose clinic lets pending requests share their time.
    blocking: bool
    request_id: UUID | None
    patient_id: UUID | None
    case_id: UUID | None
    visit_type_id: UUID | None
    title: str
    booked_by: str | None

    @classmethod
    def of(cls, entry: CalendarEntry, **extra) -> "CalendarItemDocument":
        item: CalendarItem = entry.item
        return cls(
            item_id=item.item_id,
            kind=_KIND_NAMES[item.kind],
            blocking=item.blocking,
            title=item.title,
            booked_by=item.booked_by and item.booked_by.value,
            **_visit(entry),
            **extra,
        )


class SnapshotItemDocument(CalendarItemDocument):
    overlaps_requested_time: bool
    # The pending request the snapshot is for.
    requested: bool


class CalendarDocument(BaseModel):
    time_zone: str
    start: datetime
    end: datetime
    items: list[CalendarItemDocument]

    @classmethod
    def of(cls, view: CalendarView) -> "CalendarDocument":
        items = [CalendarItemDocument.of(entry) for entry in view.entries]
        return cls(time_zone=view.zone.key, start=view.start, end=view.end, items=items)


class SnapshotDocument(BaseModel):
    time_zone: str
    start: datetime
    end: datetime
    requested_start: datetime
    requested_end: datetime
    items: list[SnapshotItemDocument]

    @classmethod
    def of(cls, view: CalendarView, requested_start: datetime, requested_end: datetime) -> "SnapshotDocument":
        items = [
            SnapshotItemDocument.of(
                entry, overlaps_requested_time=entry.overlaps_requested_time, requested=entry.requested
            )
            for entry in view.entries
        ]
        return cls(
            time_zone=view.zone.key,
            start=view.start,
            end=view.end,
            requested_start=requested_start,
            requested_end=requested_end,
            items=items,
        )


class AppointmentDocument(BaseModel):
    appointment_id: UUID
    status: Literal["active", "cancelled"]
    therapist_id: UUID
    location_id: UUID
    start: datetime
    end: datetime
    local_start: datetime
    local_end: datetime
    time_zone: str
    request_id: UUID | None
    patient_id: UUID | None
    case_id: UUID | None
    visit_type_id: UUID | None
    booked_by: Literal["request", "scheduler"]
    booked_by_staff_id: UUID | None

    @classmethod
    def of(cls, entry: CalendarEntry) -> "AppointmentDocument":
        item = entry.item
        return cls(
            appointment_id=item.item_id,
            status=item.status.value,
            booked_by=item.booked_by.value,
            booked_by_staff_id=item.created_by,
            **_visit(entry),
        )


class TimeSpan(BaseModel):
    start: datetime
    end: datetime


def _spans(intervals: tuple[Interval, ...]) -> list[TimeSpan]:
    return [TimeSpan(start=interval.start, end=interval.end) for interval in intervals]


class WorkingPeriodDocument(BaseModel):
    effective_from: date
    effective_to: date | None
    hours: list[OpeningInterval]


def _period(period: WorkingHours) -> WorkingPeriodDocument:
    hours = [
        OpeningInterval(weekday=weekday, start=start, end=end)
        for weekday, day_hours in sorted(period.weekly.hours.items())
        for start, end in sorted(day_hours)
    ]
    return WorkingPeriodDocument(effective_from=period.effective_from, effective_to=period.effective_to, hours=hours)


class WorkingHoursDocument(BaseModel):
    therapist_id: UUID
    location_id: UUID
    periods: list[WorkingPeriodDocument]
    extra_hours: list[TimeSpan]

    @classmethod
    def of(cls, schedule: Schedule) -> "WorkingHoursDocument":
        return cls(
            therapist_id=schedule.therapist_id,
            location_id=schedule.location_id,
            periods=[_period(period) for period in schedule.periods],
            extra_hours=_spans(schedule.extra_hours),
        )


class TimeOffDocument(BaseModel):
    therapist_id: UUID
    time_off: list[TimeSpan]

    @classmethod
    def of(cls, therapist_id: UUID, time_off: tuple[Interval, ...]) -> "TimeOffDocument":
        return cls(therapist_id=therapist_id, time_off=_spans(time_off))
