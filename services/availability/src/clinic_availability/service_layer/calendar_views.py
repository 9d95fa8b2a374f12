"""Calendars as schedulers see them: every active item over a window, and the snapshot of one
therapist's calendar around a requested time; and a family's own appointments, as their
calendar feed shows them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from uuid import UUID
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from clinic_availability.adapters.replicated_settings import UnknownSetting
from clinic_availability.domain import CalendarItem, ItemKind
from clinic_availability.domain.local_days import local_date, local_days
from clinic_availability.service_layer.errors import InvalidRequest
from clinic_availability.service_layer.ranges import check_date_range
from clinic_availability.service_layer.unit_of_work import CalendarUnitOfWork, reading
from servicekit.runtime import ServiceRuntime

LONGEST_VIEW = timedelta(days=31)
# A calendar feed's window (about a month back, half a year ahead) with room to spare.
LONGEST_FAMILY_VIEW = timedelta(days=400)


@dataclass(frozen=True)
class CalendarEntry:
    item: CalendarItem
    # The item's location's zone; the view's for an item at no location.
    zone: ZoneInfo
    overlaps_requested_time: bool = False
    # The hold of the request the snapshot is for.
    requested: bool = False


@dataclass(frozen=True)
class CalendarView:
    zone: ZoneInfo
    start: datetime
    end: datetime
    entries: list[CalendarEntry]


def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise InvalidRequest("unknown-time-zone", f"{name!r} is not an IANA time zone.") from None


async def entry_of(uow: CalendarUnitOfWork, item: CalendarItem) -> CalendarEntry:
    """One item with its zone: its location's, else its therapist's clinic's, else UTC."""
    try:
        if item.location_id is not None:
            return CalendarEntry(item, ZoneInfo((await uow.settings.location(item.location_id)).time_zone))
        return CalendarEntry(item, ZoneInfo((await uow.settings.clinic(item.clinic_id)).time_zone))
    except UnknownSetting:
        return CalendarEntry(item, ZoneInfo("UTC"))


async def _zones_of(uow: CalendarUnitOfWork, items: Sequence[CalendarItem], default: ZoneInfo) -> dict:
    zones: dict[UUID | None, ZoneInfo] = {None: default}
    for location_id in {item.location_id for item in items} - {None}:
        try:
            zones[location_id] = ZoneInfo((await uow.settings.location(location_id)).time_zone)
        except UnknownSetting:
            zones[location_id] = default
    return zones


async def calendar(
    runtime: ServiceRuntime,
    date_from: date,
    date_to: date,
    therapist_ids: Sequence[UUID] = (),
    location_id: UUID | None = None,
    time_zone: str | None = None,
) -> CalendarView:
    """The items of the therapists named and, for a location, of every therapist who works there
    plus everything booked there, on local dates `date_from` to `date_to`. The dates are read in
    `time_zone`, else the location's zone, else the first therapist's clinic's zone."""
    if not therapist_ids and location_id is None:
        raise InvalidRequest("therapist-or-location-required", "Name at least one therapist or a location.")
    check_date_range(date_from, date_to, LONGEST_VIEW)
    async with reading(runtime) as uow:
        whose = set(therapist_ids)
        location_zone = None
        if location_id is not None:
            location = await uow.settings.location(location_id)
            location_zone = ZoneInfo(location.time_zone)
            whose.update(therapist.therapist_id for therapist in await uow.settings.therapists_at(location))
        if time_zone is not None:
            zone = _zone(time_zone)
        elif location_zone is not None:
            zone = location_zone
        else:
            therapist = await uow.settings.therapist(therapist_ids[0])
            zone = ZoneInfo((await uow.settings.clinic(therapist.clinic_id)).time_zone)
        days = local_days(zone, date_from, date_to)
        start, end = days[0].start, days[-1].end
        items = await uow.calendar.active_between(start, end, therapist_ids=whose, location_id=location_id)
        zones = await _zones_of(uow, items, zone)
    return CalendarView(zone, start, end, [CalendarEntry(item, zones[item.location_id]) for item in items])


async def snapshot(
    runtime: ServiceRuntime,
    therapist_id: UUID,
    location_id: UUID,
    start: datetime,
    end: datetime,
    request_id: UUID | None = None,
    hours_around: int | None = None,
) -> CalendarView:
    """The therapist's calendar on the local day(s) of `start`..`end` at the location, or
    `hours_around` hours either side of it, each item marked when it overlaps that time. The
    request's own hold, if `request_id` is given, is marked `requested` instead."""
    if not start < end:
        raise InvalidRequest("invalid-times", "The requested time ends after it starts.")
    async with reading(runtime) as uow:
        location = await uow.settings.location(location_id)
        zone = ZoneInfo(location.time_zone)
        if hours_around is None:
            days = local_days(zone, local_date(start, zone), local_date(end, zone))
            window_start, window_end = days[0].start, days[-1].end
        else:
            window_start, window_end = start - timedelta(hours=hours_around), end + timedelta(hours=hours_around)
        items = await uow.calendar.active_between(window_start, window_end, therapist_ids=[therapist_id])
        zones = await _zones_of(uow, items, zone)
    entries = []
    for item in items:
        requested = request_id is not None and item.kind is ItemKind.HOLD and item.request_id == request_id
        overlaps = not requested and item.overlaps(start, end)
        entries.append(CalendarEntry(item, zones[item.location_id], overlaps, requested))
    return CalendarView(zone, window_start, window_end, entries)


async def family_appointments(
    runtime: ServiceRuntime, portal_user_id: UUID, start: datetime, end: datetime
) -> list[CalendarEntry]:
    """The booked appointments of the patients linked to this portal user (whoever booked them:
    through a request or straight in the calendar), overlapping `start`..`end`; none while the
    account is inactive. Pending requests are not appointments and are not here."""
    if not start < end:
        raise InvalidRequest("invalid-times", "The window ends before it starts.")
    if end - start > LONGEST_FAMILY_VIEW:
        raise InvalidRequest("date-range-too-long", f"Ask for at most {LONGEST_FAMILY_VIEW.days} days at a time.")
    async with reading(runtime) as uow:
        portal_user = await uow.settings.portal_user(portal_user_id)
        if not portal_user.active:
            return []
        items = await uow.calendar.appointments_of_patients(portal_user.patient_ids, start, end)
        items = [item for item in items if item.clinic_id == portal_user.clinic_id]
        clinic_zone = ZoneInfo((await uow.settings.clinic(portal_user.clinic_id)).time_zone)
        zones = await _zones_of(uow, items, clinic_zone)
    return [CalendarEntry(item, zones[item.location_id]) for item in items]
