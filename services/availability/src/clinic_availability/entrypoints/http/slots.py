from datetime import UTC, datetime
from uuid import UUID

from fastapi import APIRouter, Depends

from clinic_contracts.calendar_range import Day

from clinic_availability.entrypoints.http.common import Runtime, person_or_operator
from clinic_availability.entrypoints.http.documents import SlotsDocument
from clinic_availability.service_layer import slots

router = APIRouter(tags=["slots"], dependencies=[Depends(person_or_operator)])


@router.get("/slots")
async def requestable_slots(
    case_id: UUID,
    visit_type_id: UUID,
    date_from: Day,
    date_to: Day,
    runtime: Runtime,
    location_id: UUID | None = None,
) -> SlotsDocument:
    """The times a portal user may request for the case's therapist: on local dates `date_from`
    to `date_to` (both included) at the location, the case's own unless another is named."""
    listing = await slots.requestable(
        runtime, case_id, visit_type_id, date_from, date_to, datetime.now(UTC), location_id=location_id
    )
    return SlotsDocument.of(listing)
