"""The clinic settings this service decides by, read from its replica of the settings topics."""

from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from clinic_contracts.events import PatientCaseChanged
from servicekit import replicated_settings
from servicekit.replicated_settings import UnknownSetting
from servicekit.settings_replica import SettingsReplica

__all__ = ["ReplicatedSettings", "UnknownSetting"]


class ReplicatedSettings(replicated_settings.ReplicatedSettings):
    def __init__(self, session: AsyncSession, replica: SettingsReplica) -> None:
        super().__init__(session, replica, service="request")

    async def cases_of_clinic(self, clinic_id: UUID) -> list[PatientCaseChanged]:
        return await self.all_of(PatientCaseChanged, clinic_id)

    async def cases_of_patient(self, clinic_id: UUID, patient_id: UUID) -> list[PatientCaseChanged]:
        # Filtered by the database: the clinic's other cases are neither sent nor parsed.
        return await self.all_of(PatientCaseChanged, clinic_id, where={"patient_id": str(patient_id)})
