"""Therapists' working schedules per location, and their time off: set whole, read whole.

Changing them moves nothing already on the calendar: holds and appointments outside the new hours
stay, and are judged again only if a scheduler approves or edits them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from uuid import UUID

from clinic_availability.adapters.replicated_settings import UnknownSetting
from clinic_availability.adapters.schedule_changes_repository import ScheduleChange
from clinic_availability.adapters.working_hours_repository import stored_schedule, stored_time_off
from clinic_availability.domain import Interval, WorkingHours, WorkingSchedule
from clinic_availability.domain.working_schedule import exception_span, weekly_hours, working_period
from clinic_availability.service_layer.errors import InvalidRequest, ItemNotFound
from clinic_availability.service_layer.unit_of_work import CalendarUnitOfWork, reading, unit_of_work
from clinic_contracts.events import LocationChanged, TherapistChanged
from servicekit.audit import acting_reference, changed_fields
from servicekit.runtime import ServiceRuntime

# Changes made by no actor token (a job inside the service) are recorded as the service's own.
SERVICE_ITSELF = "system:availability"


@dataclass(frozen=True)
class Period:
    """Weekly hours, as (weekday, start, end) triples, in force from one date to another."""

    effective_from: date
    effective_to: date | None
    hours: Sequence[tuple[int, time, time]]


@dataclass(frozen=True)
class Schedule:
    therapist_id: UUID
    location_id: UUID
    periods: tuple[WorkingHours, ...]
    extra_hours: tuple[Interval, ...]


async def _therapist(uow: CalendarUnitOfWork, therapist_id: UUID) -> TherapistChanged:
    try:
        return await uow.settings.therapist(therapist_id)
    except UnknownSetting:
        raise ItemNotFound("therapist", therapist_id) from None


async def _location_of(uow: CalendarUnitOfWork, therapist: TherapistChanged, location_id: UUID) -> LocationChanged:
    try:
        location = await uow.settings.location(location_id)
    except UnknownSetting:
        raise ItemNotFound("location", location_id) from None
    if location_id not in therapist.location_ids:
        raise InvalidRequest(
            "therapist-not-at-location",
            f"The therapist does not work at location {location_id}; the clinic's settings list where they work.",
        )
    return location


async def set_schedule(
    runtime: ServiceRuntime,
    therapist_id: UUID,
    location_id: UUID,
    periods: Sequence[Period],
    extra_hours: Sequence[tuple[datetime, datetime]],
) -> Schedule:
    """Replaces the therapist's schedule at the location. Raises ScheduleRejected for a schedule
    that breaks a rule."""
    schedule = WorkingSchedule(
        periods=[
            working_period(weekly_hours(period.hours), period.effective_from, period.effective_to) for period in periods
        ],
        extra_hours=[exception_span(start, end) for start, end in extra_hours],
    )
    async with unit_of_work(runtime) as uow:
        await uow.calendar.lock([therapist_id])
        therapist = await _therapist(uow, therapist_id)
        await _location_of(uow, therapist, location_id)
        before = stored_schedule(*await uow.working_hours.schedule(therapist_id, location_id))
        await uow.working_hours.put_schedule(
            therapist.clinic_id, therapist_id, location_id, schedule.periods, schedule.extra_hours
        )
        after = stored_schedule(schedule.periods, schedule.extra_hours)
        await _record(uow, therapist, "working-hours", location_id, before, after)
    return Schedule(therapist_id, location_id, schedule.periods, schedule.extra_hours)


async def _record(
    uow: CalendarUnitOfWork, therapist: TherapistChanged, kind: str, location_id: UUID | None, before: dict, after: dict
) -> None:
    """The audit trail's entry, in the change's transaction; none when nothing changed."""
    if changes := changed_fields(before, after):
        await uow.schedule_changes.add(
            clinic_id=therapist.clinic_id,
            therapist_id=therapist.therapist_id,
            kind=kind,
            location_id=location_id,
            actor=acting_reference(otherwise=SERVICE_ITSELF),
            changes=changes,
        )


async def schedule_changes_of(runtime: ServiceRuntime, therapist_id: UUID, *, limit: int) -> list[ScheduleChange]:
    """Newest first."""
    async with reading(runtime) as uow:
        await _therapist(uow, therapist_id)
        return await uow.schedule_changes.of_therapist(therapist_id, limit=limit)


async def schedule_of(runtime: ServiceRuntime, therapist_id: UUID, location_id: UUID) -> Schedule:
    """Empty if never set."""
    async with reading(runtime) as uow:
        therapist = await _therapist(uow, therapist_id)
        await _location_of(uow, therapist, location_id)
        periods, extra_hours = await uow.working_hours.schedule(therapist_id, location_id)
    return Schedule(therapist_id, location_id, periods, extra_hours)


async def set_time_off(
    runtime: ServiceRuntime, therapist_id: UUID, time_off: Sequence[tuple[datetime, datetime]]
) -> tuple[Interval, ...]:
    """Replaces the therapist's time off, at every location. Overlapping stretches merge."""
    spans = WorkingSchedule(time_off=[exception_span(start, end) for start, end in time_off]).time_off
    async with unit_of_work(runtime) as uow:
        await uow.calendar.lock([therapist_id])
        therapist = await _therapist(uow, therapist_id)
        before = stored_time_off(await uow.working_hours.time_off(therapist_id))
        await uow.working_hours.put_time_off(therapist.clinic_id, therapist_id, spans)
        await _record(uow, therapist, "time-off", None, before, stored_time_off(spans))
    return spans


async def time_off_of(runtime: ServiceRuntime, therapist_id: UUID) -> tuple[Interval, ...]:
    async with reading(runtime) as uow:
        await _therapist(uow, therapist_id)
        return await uow.working_hours.time_off(therapist_id)
