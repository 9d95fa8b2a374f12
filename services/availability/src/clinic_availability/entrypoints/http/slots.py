from datetime import UTC, datetime
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Depends
from pydantic import Field

from clinic_availability.entrypoints.http.common import person_or_operator
from clinic_availability.entrypoints.http.documents import SeriesPreviewDocument, SlotsDocument
from clinic_availability.service_layer import series_preview, slots
from clinic_contracts.calendar_range import Instant
from servicekit.request_body import RequestBody
from servicekit.runtime import Runtime

router = APIRouter(tags=["slots"], dependencies=[Depends(person_or_operator)])


@router.get("/slots")
async def requestable_slots(query: Annotated[slots.SlotQuery, Depends()], runtime: Runtime) -> SlotsDocument:
    """The times a portal user may request for the case's therapist (or the one named: a preferred
    therapist): on local dates `date_from` to `date_to` (both included) at the location, the
    case's own unless another is named."""
    return SlotsDocument.of(await slots.requestable(runtime, query, datetime.now(UTC)))


class SeriesAsked(RequestBody):
    case_id: UUID
    visit_type_id: UUID
    first_start: Instant = Field(description="The first visit's start: a slot's, as listed by /slots")
    interval_weeks: int = Field(ge=1, le=2, description="Every week (1) or every second week (2)")
    visits: int = Field(ge=2, le=52, description="How many; the clinic's `max_series_visits` bounds it")


@router.post("/series-preview")
async def preview_series(body: SeriesAsked, runtime: Runtime) -> SeriesPreviewDocument:
    """Each visit of a weekly series for the case's therapist at the case's location, at the
    first visit's local time: whether a portal user may request it now, judged as its hold will
    be, and why not in words."""
    preview = await series_preview.preview_series(
        runtime, body.case_id, body.visit_type_id, body.first_start, body.interval_weeks, body.visits, datetime.now(UTC)
    )
    return SeriesPreviewDocument.of(preview)
