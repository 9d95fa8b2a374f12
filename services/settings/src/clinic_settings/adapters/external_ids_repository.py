"""Which entity each external id of an import became (orm.external_ids)."""

from uuid import UUID

from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from clinic_settings.adapters.orm import external_ids
from clinic_settings.domain.imports import EntityKind

ExternalKey = tuple[EntityKind, str]


class ExternalIdsRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def of_clinic(self, clinic_id: UUID) -> dict[ExternalKey, UUID]:
        rows = await self.session.execute(select(external_ids).where(external_ids.c.clinic_id == clinic_id))
        return {(EntityKind(row.entity_kind), row.external_id): row.entity_id for row in rows}

    async def add_all(self, clinic_id: UUID, entity_ids: dict[ExternalKey, UUID]) -> None:
        if entity_ids:
            rows = [
                {"clinic_id": clinic_id, "entity_kind": kind.value, "external_id": external_id, "entity_id": entity_id}
                for (kind, external_id), entity_id in entity_ids.items()
            ]
            await self.session.execute(insert(external_ids), rows)
