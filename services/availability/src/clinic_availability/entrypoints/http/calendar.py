from datetime import date
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query
from pydantic import AwareDatetime

from clinic_availability.entrypoints.http.common import StaffOrOperator, Runtime
from clinic_availability.entrypoints.http.documents import CalendarDocument, SnapshotDocument
from clinic_availability.service_layer import calendar_views

router = APIRouter(prefix="/calendar", tags=["calendar"], dependencies=StaffOrOperator)


@router.get("")
async def calendar(
    date_from: date,
    date_to: date,
    runtime: Runtime,
    therapist_id: Annotated[list[UUID], Query(max_length=100)] = [],  # noqa: B006 - FastAPI copies it
    location_id: UUID | None = None,
    time_zone: str | None = None,
) -> CalendarDocument:
    """Every appointment, block and pending request of the therapists named (`therapist_id` may
    repeat) and, for a location, of everyone who works there, on local dates `date_from` to
    `date_to`. Dates are read in `time_zone`, else the location's, else the clinic's."""
    view = await calendar_views.calendar(
        runtime, date_from, date_to, therapist_ids=therapist_id, location_id=location_id, time_zone=time_zone
    )
    return CalendarDocument.of(view)


@router.get("/snapshot")
async def snapshot(
    therapist_id: UUID,
    location_id: UUID,
    start: AwareDatetime,
    end: AwareDatetime,
    runtime: Runtime,
    request_id: UUID | None = None,
    hours_around: Annotated[int | None, Query(ge=0, le=24)] = None,
) -> SnapshotDocument:
    """The therapist's calendar around a requested time: its local day, or `hours_around` hours
    either side. Items overlapping the requested time are marked; so is the request's own hold."""
    view = await calendar_views.snapshot(runtime, therapist_id, location_id, start, end, request_id, hours_around)
    return SnapshotDocument.of(view, start, end)
