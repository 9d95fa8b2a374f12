"""Storing therapists' working schedules (per location) and time off (per therapist)."""

from datetime import UTC, date, datetime, time
from uuid import UUID

from sqlalchemy import bindparam, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from clinic_availability.adapters.orm import therapist_time_off, working_schedules
from clinic_availability.domain import Interval, WeeklyHours, WorkingHours


def _periods_json(periods: tuple[WorkingHours, ...]) -> list[dict]:
    return [
        {
            "effective_from": period.effective_from.isoformat(),
            "effective_to": period.effective_to and period.effective_to.isoformat(),
            "hours": [
                {"weekday": weekday, "start": start.isoformat(), "end": end.isoformat()}
                for weekday, day_hours in sorted(period.weekly.hours.items())
                for start, end in day_hours
            ],
        }
        for period in periods
    ]


def _periods(document: list[dict]) -> tuple[WorkingHours, ...]:
    periods = []
    for period in document:
        weekly: dict[int, list[tuple[time, time]]] = {}
        for hours in period["hours"]:
            weekly.setdefault(hours["weekday"], []).append(
                (time.fromisoformat(hours["start"]), time.fromisoformat(hours["end"]))
            )
        effective_to = period["effective_to"]
        periods.append(
            WorkingHours(
                WeeklyHours(weekly),
                date.fromisoformat(period["effective_from"]),
                effective_to and date.fromisoformat(effective_to),
            )
        )
    return tuple(periods)


def _spans_json(spans: tuple[Interval, ...]) -> list[dict]:
    return [{"start": span.start.isoformat(), "end": span.end.isoformat()} for span in spans]


def _spans(document: list[dict]) -> tuple[Interval, ...]:
    return tuple(
        Interval(datetime.fromisoformat(span["start"]), datetime.fromisoformat(span["end"])) for span in document
    )


def stored_schedule(periods: tuple[WorkingHours, ...], extra_hours: tuple[Interval, ...]) -> dict:
    """A schedule as it is stored (and as the audit trail shows it)."""
    return {"periods": _periods_json(periods), "extra_hours": _spans_json(extra_hours)}


def stored_time_off(time_off: tuple[Interval, ...]) -> dict:
    return {"time_off": _spans_json(time_off)}


# Read for every hold placed and every slot listed, built once (a statement built anew cost more
# CPU than running it).
_SCHEDULE = select(working_schedules.c.periods, working_schedules.c.extra_hours).where(
    (working_schedules.c.therapist_id == bindparam("by_therapist_id"))
    & (working_schedules.c.location_id == bindparam("by_location_id"))
)
_TIME_OFF = select(therapist_time_off.c.time_off).where(
    therapist_time_off.c.therapist_id == bindparam("by_therapist_id")
)


class WorkingHoursRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    def _upsert(self, table, values: dict, key: tuple[str, ...]):
        dialect_insert = pg_insert if self.session.bind.dialect.name == "postgresql" else sqlite_insert
        statement = dialect_insert(table).values(**values)
        changed = {name: value for name, value in values.items() if name not in key}
        return statement.on_conflict_do_update(index_elements=list(key), set_=changed)

    async def schedule(
        self, therapist_id: UUID, location_id: UUID
    ) -> tuple[tuple[WorkingHours, ...], tuple[Interval, ...]]:
        """The weekly periods and the extra hours at one location; none if never set."""
        found = await self.session.execute(_SCHEDULE, {"by_therapist_id": therapist_id, "by_location_id": location_id})
        row = found.one_or_none()
        return ((), ()) if row is None else (_periods(row.periods), _spans(row.extra_hours))

    async def put_schedule(
        self,
        clinic_id: UUID,
        therapist_id: UUID,
        location_id: UUID,
        periods: tuple[WorkingHours, ...],
        extra_hours: tuple[Interval, ...],
    ) -> None:
        values = {
            "therapist_id": therapist_id,
            "location_id": location_id,
            "clinic_id": clinic_id,
            "periods": _periods_json(periods),
            "extra_hours": _spans_json(extra_hours),
            "updated_at": datetime.now(UTC),
        }
        await self.session.execute(self._upsert(working_schedules, values, ("therapist_id", "location_id")))

    async def time_off(self, therapist_id: UUID) -> tuple[Interval, ...]:
        document = (await self.session.execute(_TIME_OFF, {"by_therapist_id": therapist_id})).scalar_one_or_none()
        return () if document is None else _spans(document)

    async def put_time_off(self, clinic_id: UUID, therapist_id: UUID, time_off: tuple[Interval, ...]) -> None:
        values = {
            "therapist_id": therapist_id,
            "clinic_id": clinic_id,
            "time_off": _spans_json(time_off),
            "updated_at": datetime.now(UTC),
        }
        await self.session.execute(self._upsert(therapist_time_off, values, ("therapist_id",)))
