"""The audit trail of therapists' working hours and time off: appended to, read newest first."""

from dataclasses import dataclass
from datetime import UTC, datetime
from uuid import UUID

from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from clinic_availability.adapters.orm import schedule_changes
from servicekit.db import aware_utc


@dataclass(frozen=True)
class ScheduleChange:
    change_id: int
    therapist_id: UUID
    kind: str
    location_id: UUID | None
    actor: str
    changed_at: datetime
    changes: dict


class ScheduleChangesRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add(
        self, *, clinic_id: UUID, therapist_id: UUID, kind: str, location_id: UUID | None, actor: str, changes: dict
    ) -> None:
        await self.session.execute(
            insert(schedule_changes).values(
                clinic_id=clinic_id,
                therapist_id=therapist_id,
                kind=kind,
                location_id=location_id,
                actor=actor,
                changed_at=datetime.now(UTC),
                changes=changes,
            )
        )

    async def of_therapist(self, therapist_id: UUID, *, limit: int) -> list[ScheduleChange]:
        table = schedule_changes
        query = (
            select(table).where(table.c.therapist_id == therapist_id).order_by(table.c.change_id.desc()).limit(limit)
        )
        rows = (await self.session.execute(query)).mappings()
        return [
            ScheduleChange(
                change_id=row["change_id"],
                therapist_id=row["therapist_id"],
                kind=row["kind"],
                location_id=row["location_id"],
                actor=row["actor"],
                changed_at=aware_utc(row["changed_at"]),
                changes=row["changes"],
            )
            for row in rows
        ]
