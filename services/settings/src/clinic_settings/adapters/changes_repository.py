"""The audit trail's table: appended to with each change, read newest first."""

from uuid import UUID

from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from clinic_settings.adapters import orm
from clinic_settings.domain.audit import SettingsChange
from servicekit.db import aware_utc


class ChangesRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add(self, change: SettingsChange) -> None:
        # The table numbers the changes itself.
        row = {name: value for name, value in vars(change).items() if name != "change_id"}
        await self.session.execute(insert(orm.settings_changes).values(**row))

    async def of_clinic(
        self, clinic_id: UUID, *, entity_id: UUID | None = None, before: int | None = None, limit: int = 50
    ) -> list[SettingsChange]:
        table = orm.settings_changes
        query = select(table).where(table.c.clinic_id == clinic_id).order_by(table.c.change_id.desc()).limit(limit)
        if entity_id is not None:
            query = query.where(table.c.entity_id == entity_id)
        if before is not None:
            query = query.where(table.c.change_id < before)
        rows = (await self.session.execute(query)).mappings()
        return [SettingsChange(**{**row, "changed_at": aware_utc(row["changed_at"])}) for row in rows]
