from uuid import UUID

from sqlalchemy import insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from clinic_contracts.events import RequestPolicy

from clinic_settings.adapters.orm import clinics
from clinic_settings.domain.clinic import Clinic


def _row_values(clinic: Clinic) -> dict:
    return {
        "name": clinic.name,
        "time_zone": clinic.time_zone,
        "appointment_requests_enabled": clinic.appointment_requests_enabled,
        "request_policy": clinic.request_policy.model_dump(mode="json"),
        "revision": clinic.revision,
    }


class ClinicRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, clinic_id: UUID, *, for_update: bool = False) -> Clinic | None:
        query = select(clinics).where(clinics.c.clinic_id == clinic_id)
        if for_update:
            query = query.with_for_update()
        row = (await self.session.execute(query)).mappings().one_or_none()
        if row is None:
            return None
        return Clinic(**{**row, "request_policy": RequestPolicy.model_validate(row["request_policy"])})

    async def list(self) -> list[Clinic]:
        ids = (await self.session.execute(select(clinics.c.clinic_id).order_by(clinics.c.name))).scalars()
        return [await self.get(clinic_id) for clinic_id in ids]

    async def add(self, clinic: Clinic) -> None:
        await self.session.execute(insert(clinics).values(clinic_id=clinic.clinic_id, **_row_values(clinic)))

    async def save(self, clinic: Clinic) -> None:
        await self.session.execute(
            update(clinics).where(clinics.c.clinic_id == clinic.clinic_id).values(**_row_values(clinic))
        )
