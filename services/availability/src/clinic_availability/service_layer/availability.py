"""The one way an AvailabilityContext is built, and the one way a time is judged.

Settings (the location's zone, hours and closures, the clinic's policy, whether the therapist works
there) come from the replica; the working schedule, time off and the calendar from this service's
tables. Listing slots, placing a hold and booking an appointment all build their context here, so
they cannot disagree about what is free.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from uuid import UUID
from zoneinfo import ZoneInfo

from clinic_availability.domain import (
    AvailabilityContext,
    CalendarItem,
    Closure,
    ItemKind,
    Placement,
    Refusal,
    RequestPolicy,
    WeeklyHours,
    WorkingSchedule,
    check_bookable,
    overlapping,
)
from clinic_availability.domain.local_days import local_date, local_days
from clinic_availability.service_layer.unit_of_work import CalendarUnitOfWork
from clinic_contracts.events import ClinicSettingsChanged, LocationChanged, TherapistChanged


def location_hours(location: LocationChanged) -> WeeklyHours:
    hours: dict[int, list] = {}
    for interval in location.operating_hours:
        hours.setdefault(interval.weekday, []).append((interval.start, interval.end))
    return WeeklyHours(hours)


@dataclass(frozen=True)
class Place:
    """Where a therapist is to be seen, as the replica knows it."""

    therapist: TherapistChanged
    location: LocationChanged
    clinic: ClinicSettingsChanged

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.location.time_zone)

    @property
    def therapist_works_here(self) -> bool:
        return self.therapist.active and self.location.location_id in self.therapist.location_ids


async def place_of(uow: CalendarUnitOfWork, therapist_id: UUID, location_id: UUID) -> Place:
    """Raises UnknownSetting when the replica lacks the therapist, the location or its clinic."""
    await uow.settings.load(("therapist", therapist_id), ("location", location_id))  # one query for both
    therapist = await uow.settings.therapist(therapist_id)
    location = await uow.settings.location(location_id)
    return Place(therapist, location, await uow.settings.clinic(location.clinic_id))


@dataclass(frozen=True)
class Availability:
    """A context for one therapist, location and duration over some local days, and the
    therapist's active calendar items in those days, busy or not (as bookability reads them:
    `CalendarRepository.bookability_items`)."""

    place: Place
    context: AvailabilityContext
    items: list[CalendarItem]

    def conflicts(self, start: datetime, end: datetime, placement: Placement, request_id: UUID | None) -> list:
        return [item for item in overlapping(self.items, start, end) if placement.is_busy(item, request_id)]


async def availability(
    uow: CalendarUnitOfWork,
    place: Place,
    placement: Placement,
    duration: timedelta,
    first_day: date,
    last_day: date,
    request_id: UUID | None = None,
) -> Availability:
    """`request_id` names the request being placed or booked: its own holds are not busy."""
    zone = place.zone
    days = local_days(zone, first_day, last_day)
    therapist_id = place.therapist.therapist_id
    # No days at all only for a date the clocks skip altogether.
    items = await uow.calendar.bookability_items(therapist_id, days[0].start, days[-1].end) if days else []
    if place.therapist_works_here:
        periods, extra_hours = await uow.working_hours.schedule(therapist_id, place.location.location_id)
        time_off = await uow.working_hours.time_off(therapist_id)
        working = WorkingSchedule(periods, time_off, extra_hours)
    else:
        working = WorkingSchedule()
    context = AvailabilityContext(
        location_zone=zone,
        location_hours=location_hours(place.location),
        location_closures=[Closure(c.first_day, c.last_day) for c in place.location.closures],
        working_hours=working,
        busy=[item.interval for item in items if placement.is_busy(item, request_id)],
        visit_duration=duration,
        policy=placement.policy(RequestPolicy.from_settings(place.clinic.request_policy)),
    )
    return Availability(place, context, items)


@dataclass(frozen=True)
class Visit:
    """A time asked for on a therapist's calendar at a location."""

    therapist_id: UUID
    location_id: UUID
    start: datetime
    end: datetime
    request_id: UUID | None = None


@dataclass(frozen=True)
class Judgement:
    refusal: Refusal | None
    # The busy items in the way, when the refusal is a conflict.
    conflicts: tuple[CalendarItem, ...]
    # Other requests' holds the visit overlaps, whether or not they count as busy.
    overlapped_holds: tuple[CalendarItem, ...]
    clinic_id: UUID


async def judge(
    uow: CalendarUnitOfWork, visit: Visit, placement: Placement, now: datetime, duration: timedelta | None = None
) -> Judgement:
    """check_bookable over the context built above. `duration` is the visit type's for a portal
    user's request; schedulers give the length themselves (the visit's own)."""
    place = await place_of(uow, visit.therapist_id, visit.location_id)
    duration = duration or visit.end - visit.start
    if duration <= timedelta(0):
        return Judgement(Refusal.WRONG_DURATION, (), (), place.clinic.clinic_id)
    zone = place.zone
    found = await availability(
        uow,
        place,
        placement,
        duration,
        local_date(visit.start, zone),
        local_date(visit.end, zone),
        visit.request_id,
    )
    refusal = check_bookable(visit.start, visit.end, found.context, now, require_slot_grid=placement.by_portal_user)
    conflicts = found.conflicts(visit.start, visit.end, placement, visit.request_id)
    overlapped_holds = [
        item
        for item in overlapping(found.items, visit.start, visit.end)
        if item.kind is ItemKind.HOLD and item.request_id != visit.request_id
    ]
    return Judgement(
        refusal,
        tuple(conflicts) if refusal is Refusal.CONFLICTS_WITH_CALENDAR else (),
        tuple(overlapped_holds),
        place.clinic.clinic_id,
    )
