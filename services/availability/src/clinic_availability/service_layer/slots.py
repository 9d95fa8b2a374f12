"""The times a portal user may request for a patient case: the case's therapist (or a preferred one), at a location
(the case's own unless another is named), for a visit type, over local dates."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from uuid import UUID
from zoneinfo import ZoneInfo

from clinic_availability.domain import Placement, Slot, requestable_slots
from clinic_availability.service_layer.availability import availability, place_of
from clinic_availability.service_layer.ranges import check_date_range
from clinic_availability.service_layer.unit_of_work import reading
from clinic_contracts.calendar_range import Day
from servicekit.runtime import ServiceRuntime

# Two months of slots is more than a page shows; the booking horizon usually ends sooner.
LONGEST_RANGE = timedelta(days=62)


@dataclass(frozen=True)
class SlotListing:
    therapist_id: UUID
    location_id: UUID
    visit_type_id: UUID
    zone: ZoneInfo
    duration: timedelta
    slots: list[Slot]


@dataclass(frozen=True)
class SlotQuery:
    """What a portal user asks for: the case's slots for a visit type on local dates `date_from` to
    `date_to` (both included), at the case's location and with its therapist unless others are named."""

    case_id: UUID
    visit_type_id: UUID
    date_from: Day
    date_to: Day
    location_id: UUID | None = None
    therapist_id: UUID | None = None


async def requestable(runtime: ServiceRuntime, query: SlotQuery, now: datetime) -> SlotListing:
    """Raises UnknownSetting for a case, visit type, location, therapist or clinic the replica
    does not know. Whether the case, location and visit type take portal requests at all is the
    request service's judgement, made again when the request is submitted."""
    date_from, date_to = query.date_from, query.date_to
    check_date_range(date_from, date_to, LONGEST_RANGE)
    async with reading(runtime) as uow:
        # What the query names, in one replica query (place_of reads the rest: the case's own
        # therapist or location, and the clinic).
        named = [("case", query.case_id), ("visit_type", query.visit_type_id)]
        named += [("therapist", query.therapist_id)] if query.therapist_id else []
        named += [("location", query.location_id)] if query.location_id else []
        await uow.settings.load(*named)
        case = await uow.settings.case(query.case_id)
        visit_type = await uow.settings.visit_type(query.visit_type_id)
        therapist_id = query.therapist_id or case.primary_therapist_id
        place = await place_of(uow, therapist_id, query.location_id or case.location_id)
        found = await availability(uow, place, Placement.REQUESTED_HOLD, visit_type.duration, date_from, date_to)
    return SlotListing(
        therapist_id=therapist_id,
        location_id=place.location.location_id,
        visit_type_id=query.visit_type_id,
        zone=place.zone,
        duration=visit_type.duration,
        slots=requestable_slots(found.context, date_from, date_to, now),
    )
