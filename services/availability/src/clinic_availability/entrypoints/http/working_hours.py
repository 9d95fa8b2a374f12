from datetime import datetime
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Body, Query
from pydantic import BaseModel, Field

from clinic_availability.entrypoints.http.common import KeepsSchedules
from clinic_availability.entrypoints.http.documents import TimeOffDocument, WorkingHoursDocument
from clinic_availability.service_layer import working_hours
from clinic_availability.service_layer.working_hours import Period
from clinic_contracts.calendar_range import Day, Instant
from clinic_contracts.events import OpeningInterval
from servicekit.request_body import RequestBody
from servicekit.runtime import Runtime

router = APIRouter(prefix="/therapists/{therapist_id}", tags=["working hours"], dependencies=KeepsSchedules)


class Span(RequestBody):
    start: Instant
    end: Instant


class PeriodBody(RequestBody):
    """Weekly hours in the location's local time, in force from `effective_from` to
    `effective_to` (local dates, both included; none means until further notice)."""

    effective_from: Day
    effective_to: Day | None = None
    hours: list[OpeningInterval] = Field(max_length=200)


class WorkingHoursBody(RequestBody):
    periods: list[PeriodBody] = Field(max_length=50)
    # At this location, on top of the weekly hours (a Saturday clinic, say).
    extra_hours: list[Span] = Field(default=[], max_length=500)


@router.put("/working-hours/{location_id}")
async def set_working_hours(
    therapist_id: UUID, location_id: UUID, body: WorkingHoursBody, runtime: Runtime
) -> WorkingHoursDocument:
    """Replaces the therapist's whole schedule at this location."""
    periods = [
        Period(period.effective_from, period.effective_to, [(h.weekday, h.start, h.end) for h in period.hours])
        for period in body.periods
    ]
    extra_hours = [(span.start, span.end) for span in body.extra_hours]
    schedule = await working_hours.set_schedule(runtime, therapist_id, location_id, periods, extra_hours)
    return WorkingHoursDocument.of(schedule)


@router.get("/working-hours/{location_id}")
async def get_working_hours(therapist_id: UUID, location_id: UUID, runtime: Runtime) -> WorkingHoursDocument:
    return WorkingHoursDocument.of(await working_hours.schedule_of(runtime, therapist_id, location_id))


@router.put("/time-off")
async def set_time_off(
    therapist_id: UUID, time_off: Annotated[list[Span], Body(max_length=500)], runtime: Runtime
) -> TimeOffDocument:
    """Replaces the therapist's time off; it applies at every location."""
    spans = await working_hours.set_time_off(runtime, therapist_id, [(span.start, span.end) for span in time_off])
    return TimeOffDocument.of(therapist_id, spans)


@router.get("/time-off")
async def get_time_off(therapist_id: UUID, runtime: Runtime) -> TimeOffDocument:
    return TimeOffDocument.of(therapist_id, await working_hours.time_off_of(runtime, therapist_id))


class ScheduleChangeDocument(BaseModel):
    change_id: int
    therapist_id: UUID
    kind: str = Field(description='"working-hours" (at `location_id`) or "time-off" (at every location)')
    location_id: UUID | None
    actor: str
    changed_at: datetime
    changes: dict[str, dict] = Field(description='Each part that differed, `{"from": old, "to": new}`')


@router.get("/schedule-changes")
async def list_schedule_changes(
    therapist_id: UUID, runtime: Runtime, limit: Annotated[int, Query(ge=1, le=500)] = 50
) -> list[ScheduleChangeDocument]:
    """Who changed the therapist's working hours or time off, newest first (admins)."""
    changes = await working_hours.schedule_changes_of(runtime, therapist_id, limit=limit)
    return [ScheduleChangeDocument(**vars(change)) for change in changes]
