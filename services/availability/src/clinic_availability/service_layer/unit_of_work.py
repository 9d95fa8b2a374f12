"""One transaction over the calendar: a change and the events it publishes commit together.

A writing unit of work on SQLite starts with BEGIN IMMEDIATE: SQLite then admits one writer at a
time, and the calendar a writer checks is the calendar it writes to. On PostgreSQL writers lock
the therapists' calendars they change (`CalendarRepository.lock`), and the exclusion constraints
stand behind that: were an overlapping write to get past the check, the database refuses it and
the unit of work raises CalendarConflict.

Two writers that each wait for the other's overlapping row (taking calendars in opposite order)
are not refused with exclusion_violation: PostgreSQL rolls one back with deadlock_detected. That
loser lost the same race, so it gets the same answer, slot taken: a 409 to a caller, and for a
request event a retry that judges the calendar afresh and refuses the hold. Serialization failures
(40001) cannot occur: the services run at PostgreSQL's default isolation, READ COMMITTED.
"""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from uuid import UUID

from sqlalchemy import text
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from clinic_availability.adapters.calendar_repository import CalendarRepository
from clinic_availability.adapters.orm import NO_OVERLAPPING_BLOCKING_HOLDS, NO_OVERLAPPING_BOOKINGS
from clinic_availability.adapters.replicated_settings import ReplicatedSettings
from clinic_availability.adapters.schedule_changes_repository import ScheduleChangesRepository
from clinic_availability.adapters.working_hours_repository import WorkingHoursRepository
from clinic_availability.service_layer.errors import CalendarConflict
from clinic_contracts import EventEnvelope
from clinic_contracts.events import Event
from servicekit.runtime import ServiceRuntime

_OVERLAP_CONSTRAINTS = (NO_OVERLAPPING_BOOKINGS, NO_OVERLAPPING_BLOCKING_HOLDS)
DEADLOCK_DETECTED = "40P01"


class CalendarUnitOfWork:
    def __init__(self, session: AsyncSession, runtime: ServiceRuntime) -> None:
        self.session = session
        self.runtime = runtime
        self.calendar = CalendarRepository(session)
        self.working_hours = WorkingHoursRepository(session)
        self.schedule_changes = ScheduleChangesRepository(session)
        self.settings = ReplicatedSettings(session, runtime.settings_replica)

    async def first_delivery(self, consumer: str, event_id: UUID) -> bool:
        """Records that `consumer` took this event, in this transaction; False for a redelivery."""
        return await self.runtime.inbox.first_delivery(self.session, consumer, event_id)

    async def publish(self, event: Event, *, key: UUID, clinic_id: UUID, cause: EventEnvelope | None = None) -> None:
        """Stage an event; an answer to an event keeps its correlation id and names it as its cause."""
        fields = {"correlation_id": cause.correlation_id, "causation_id": cause.event_id} if cause else {}
        await self.runtime.outbox.add_event(self.session, event, key=str(key), clinic_id=clinic_id, **fields)


@asynccontextmanager
async def unit_of_work(runtime: ServiceRuntime) -> AsyncIterator[CalendarUnitOfWork]:
    try:
        async with runtime.sessions.begin() as session:
            if session.bind.dialect.name == "sqlite":
                await session.execute(text("BEGIN IMMEDIATE"))
            yield CalendarUnitOfWork(session, runtime)
    except IntegrityError as clash:
        if any(name in str(clash.orig) for name in _OVERLAP_CONSTRAINTS):
            raise CalendarConflict(()) from clash
        raise
    except DBAPIError as clash:
        if getattr(clash.orig, "sqlstate", None) == DEADLOCK_DETECTED:
            raise CalendarConflict(()) from clash
        raise


@asynccontextmanager
async def reading(runtime: ServiceRuntime) -> AsyncIterator[CalendarUnitOfWork]:
    """A read-only session: nothing is locked, nothing is published."""
    async with runtime.reading_sessions() as session:
        yield CalendarUnitOfWork(session, runtime)
