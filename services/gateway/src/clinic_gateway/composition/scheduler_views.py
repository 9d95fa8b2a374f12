"""What the scheduler's pages show, composed from the services: each function makes the calls one
view needs (concurrently where they are independent) and shapes the answer; the routes only
translate HTTP to these calls.

Which requests and calendars a scheduler may see, the services decide (the actor token says who);
the gateway adds the names of the ids, so pages show people and places.
"""

import asyncio
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from typing import Literal
from uuid import UUID
from zoneinfo import ZoneInfo

from clinic_contracts.calendar_range import Day
from clinic_contracts.events import StaffUserChanged, VisitTypeChanged
from clinic_gateway.clients import Services
from clinic_gateway.composition import requests
from clinic_gateway.composition.directory import named, names_for, with_names
from clinic_gateway.composition.scheduler_scope import scope_of
from clinic_gateway.documents import (
    AppointmentRequestWithHistory,
    Calendar,
    CalendarItem,
    MatchingSlots,
    NamedRequest,
    RequestWithSnapshot,
    SchedulerRequestPage,
    Scope,
    ScopeEntry,
    SnapshotItem,
)
from clinic_gateway.problems import NOT_AWAITING_A_TIME, Example

# The calendar's longest slot listing (availability's `slots.LONGEST_RANGE`).
LONGEST_SLOT_RANGE_DAYS = 62
END_OR_VISIT_TYPE = Example.of("end-or-visit-type-required", "Give the appointment's end, or its visit type.")


@dataclass(frozen=True)
class RequestFilters:
    """What narrows the request list (and its pending count); None filters nothing."""

    location_id: UUID | None = None
    therapist_id: UUID | None = None
    patient_id: UUID | None = None
    series_id: UUID | None = None
    starts_from: datetime | None = None
    starts_before: datetime | None = None

    def params(self) -> dict[str, str]:
        return {
            key: value.isoformat() if isinstance(value, datetime) else str(value)
            for key, value in asdict(self).items()
            if value
        }


# The request service's answers to a scheduler that mean "not yours": one they may not see is as
# absent as none at all.
UNSEEN_BY_SCHEDULER = (403, 404)


async def visible_request(services: Services, request_id: UUID) -> AppointmentRequestWithHistory:
    """The request, if this scheduler may see it."""
    return await requests.visible_request(services, request_id, unseen=UNSEEN_BY_SCHEDULER)


async def request_page(
    services: Services,
    scheduler: StaffUserChanged,
    filters: RequestFilters,
    *,
    status: list[str],
    order: str,
    limit: int,
    offset: int,
) -> SchedulerRequestPage:
    """A page of the request list with names, and the pending count under the same filters."""
    params = filters.params()
    page, count = await asyncio.gather(
        services.requests.page(**params, status=status, order=order, limit=limit, offset=offset),
        services.requests.pending_count(**params),
    )
    listed = [item.model_dump(mode="json") for item in page.items]
    names = await names_for(services.settings, scheduler.clinic_id, listed)
    items = [NamedRequest.model_validate(with_names(item, names)) for item in listed]
    return SchedulerRequestPage(
        items=items, total=page.total, limit=page.limit, offset=page.offset, pending_count=count.pending
    )


async def request_view(services: Services, scheduler: StaffUserChanged, request_id: UUID) -> RequestWithSnapshot:
    """One request with its history, names, and the calendar snapshot around its time (as this
    scheduler may see it)."""
    request = await visible_request(services, request_id)
    snapshot = await services.availability.snapshot(
        therapist_id=str(request.therapist_id),
        location_id=str(request.location_id),
        start=request.start.isoformat(),
        end=request.end.isoformat(),
        request_id=str(request.request_id),
    )
    shown = request.model_dump(mode="json")
    around = [item.model_dump(mode="json") for item in snapshot.items]
    names = await names_for(services.settings, scheduler.clinic_id, [shown, *around])
    snapshot.items = [SnapshotItem.model_validate(named(item, names)) for item in around]
    return RequestWithSnapshot.model_validate({**with_names(shown, names), "calendar_snapshot": snapshot})


async def matching_slots(services: Services, request_id: UUID) -> MatchingSlots:
    """For a request awaiting a time: the free slots inside its preferred times, soonest first."""
    request = await visible_request(services, request_id)
    windows = request.preferred_times
    if windows is None:
        raise NOT_AWAITING_A_TIME.problem()
    # The calendar lists at most LONGEST_SLOT_RANGE_DAYS at once; the booking horizon ends sooner.
    date_to = min(windows.date_to, windows.date_from + timedelta(days=LONGEST_SLOT_RANGE_DAYS - 1))
    listing = await services.availability.slots(
        case_id=str(request.case_id),
        visit_type_id=str(request.visit_type_id),
        location_id=str(request.location_id),
        therapist_id=str(request.therapist_id),
        date_from=str(windows.date_from),
        date_to=str(date_to),
    )
    zone = ZoneInfo(listing.time_zone)
    inside = [slot for slot in listing.slots if windows.admits(slot.start, zone)]
    return MatchingSlots(**{**dict(listing), "slots": inside}, preferred_times=windows)


async def calendar_view(
    services: Services,
    scheduler: StaffUserChanged,
    day: Day,
    span: Literal["day", "week"],
    location_id: UUID | None,
    therapist_ids: list[UUID],
) -> Calendar:
    """The day, or the Monday-to-Sunday week of `day`, of a location or of therapists, named.
    Availability decides what this scheduler may open and see (a 404 for what is not theirs)."""
    date_from = day - timedelta(days=day.weekday()) if span == "week" else day
    date_to = date_from + timedelta(days=6 if span == "week" else 0)
    params: dict = {"therapist_id": [str(therapist) for therapist in therapist_ids]}
    if location_id is not None:
        params["location_id"] = str(location_id)
    view = await services.availability.calendar(**params, date_from=str(date_from), date_to=str(date_to))
    shown = [item.model_dump(mode="json") for item in view.items]
    names = await names_for(services.settings, scheduler.clinic_id, shown)
    items = [CalendarItem.model_validate(named(item, names)) for item in shown]
    return Calendar(**{**dict(view), "items": items}, date_from=date_from, date_to=date_to)


async def scope_view(services: Services, scheduler: StaffUserChanged) -> Scope:
    """The scheduler's locations and the therapists who work at one of them, by name."""
    seen, names = await scope_of(services, scheduler)
    locations, therapists = names["locations"], names["therapists"]
    return Scope(
        locations=sorted(
            (
                ScopeEntry(id=i, name=locations[str(i)]["name"], time_zone=locations[str(i)]["time_zone"])
                for i in seen.location_ids
            ),
            key=lambda entry: entry.name,
        ),
        therapists=sorted(
            (ScopeEntry(id=i, name=therapists[str(i)]["name"]) for i in seen.therapist_ids),
            key=lambda entry: entry.name,
        ),
    )


async def appointment_end(
    services: Services, scheduler: StaffUserChanged, start: datetime, end: datetime | None, visit_type_id: UUID | None
) -> datetime:
    """The end given, or the start plus the visit type's length."""
    if end is not None:
        return end
    names = await names_for(services.settings, scheduler.clinic_id, [{"visit_type_id": visit_type_id}])
    visit_type = names["visit-types"].get(str(visit_type_id))
    if visit_type is None:
        raise END_OR_VISIT_TYPE.problem()
    return VisitTypeChanged.model_validate(visit_type).visit_end(start)
