"""Calendars, as the actor may see them (decided here, from this service's copy of the settings):
a scheduler opens only the calendars of their locations and of therapists who work at one of them
(anything else is a 404, as if it did not exist), and on them an item of a patient they have no
access to shows only that the time is taken (`busy`). An operator's job sees everything."""

from typing import Annotated, TypeVar
from uuid import UUID

from fastapi import APIRouter, Query

from clinic_availability.entrypoints.http.common import Scope, StaffOrOperator, not_here
from clinic_availability.entrypoints.http.documents import (
    CalendarDocument,
    CalendarItemDocument,
    SnapshotDocument,
)
from clinic_availability.service_layer import calendar_views
from clinic_contracts.access import SchedulerScope
from clinic_contracts.calendar_range import Day, Instant
from servicekit.runtime import Runtime

router = APIRouter(prefix="/calendar", tags=["calendar"], dependencies=StaffOrOperator)

Item = TypeVar("Item", bound=CalendarItemDocument)
_HIDDEN_WHEN_BUSY = {"request_id": None, "patient_id": None, "case_id": None, "visit_type_id": None, "booked_by": None}


def _as_seen(item: Item, scope: SchedulerScope | None) -> Item:
    if scope is None or item.patient_id is None or scope.sees_patient(item.patient_id):
        return item
    return item.model_copy(update={**_HIDDEN_WHEN_BUSY, "kind": "busy", "title": ""})


@router.get("")
async def calendar(
    date_from: Day,
    date_to: Day,
    runtime: Runtime,
    scope: Scope,
    therapist_id: Annotated[list[UUID], Query(max_length=100)] = [],  # noqa: B006 - FastAPI copies it
    location_id: UUID | None = None,
    time_zone: str | None = None,
) -> CalendarDocument:
    """Every appointment, block and pending request of the therapists named (`therapist_id` may
    repeat) and, for a location, of everyone who works there, on local dates `date_from` to
    `date_to`. Dates are read in `time_zone`, else the location's, else the clinic's."""
    if scope is not None:
        if location_id is not None and not scope.sees_location(location_id):
            raise not_here("location")
        if not all(scope.sees_therapist(therapist) for therapist in therapist_id):
            raise not_here("therapist")
    view = await calendar_views.calendar(
        runtime, date_from, date_to, therapist_ids=therapist_id, location_id=location_id, time_zone=time_zone
    )
    document = CalendarDocument.of(view)
    return document.model_copy(update={"items": [_as_seen(item, scope) for item in document.items]})


@router.get("/snapshot")
async def snapshot(
    therapist_id: UUID,
    location_id: UUID,
    start: Instant,
    end: Instant,
    runtime: Runtime,
    scope: Scope,
    request_id: UUID | None = None,
    hours_around: Annotated[int | None, Query(ge=0, le=24)] = None,
) -> SnapshotDocument:
    """The therapist's calendar around a requested time: its local day, or `hours_around` hours
    either side. Items overlapping the requested time are marked; so is the request's own hold.
    (Whether the reader may see the request is the request service's to say.)"""
    view = await calendar_views.snapshot(runtime, therapist_id, location_id, start, end, request_id, hours_around)
    document = SnapshotDocument.of(view, start, end)
    return document.model_copy(update={"items": [_as_seen(item, scope) for item in document.items]})
