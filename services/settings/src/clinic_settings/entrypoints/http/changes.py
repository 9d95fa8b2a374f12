"""The audit trail: who changed which settings, when, and what differed (admins and operators)."""

from datetime import datetime
from uuid import UUID

from fastapi import APIRouter, Query
from pydantic import BaseModel

from clinic_settings.entrypoints.http.transactions import UnitOfWork
from servicekit.paging import ChangeCursor

router = APIRouter(tags=["audit"])


class ChangeDocument(BaseModel):
    change_id: int
    entity_kind: str
    entity_id: UUID
    revision: int
    actor: str
    changed_at: datetime
    changes: dict[str, dict]


@router.get("/clinics/{clinic_id}/changes")
async def list_changes(
    clinic_id: UUID,
    uow: UnitOfWork,
    entity_id: UUID | None = None,
    before: ChangeCursor = None,
    limit: int = Query(default=50, ge=1, le=500),
) -> list[ChangeDocument]:
    """Newest first; of one entity with `entity_id`. Each change lists the fields that differed,
    `{"from": ..., "to": ...}`; a creation lists every field."""
    async with uow:
        await uow.clinic(clinic_id)
        changes = await uow.changes.of_clinic(clinic_id, entity_id=entity_id, before=before, limit=limit)
    return [
        ChangeDocument(**{name: getattr(change, name) for name in ChangeDocument.model_fields}) for change in changes
    ]
