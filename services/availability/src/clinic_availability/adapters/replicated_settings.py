"""The settings this service reads, from its replica of the settings topics."""

from sqlalchemy.ext.asyncio import AsyncSession

from clinic_contracts.access import SchedulerScope, scheduler_scope
from clinic_contracts.events import LocationChanged, PatientCaseChanged, StaffUserChanged, TherapistChanged
from servicekit import replicated_settings
from servicekit.replicated_settings import UnknownSetting
from servicekit.settings_replica import SettingsReplica

__all__ = ["ReplicatedSettings", "UnknownSetting"]


class ReplicatedSettings(replicated_settings.ReplicatedSettings):
    def __init__(self, session: AsyncSession, replica: SettingsReplica) -> None:
        super().__init__(session, replica, service="availability")

    async def scope_of(self, staff: StaffUserChanged) -> SchedulerScope:
        """What this staff user may see on calendars, from this service's own copy of the clinic."""
        locations = await self.all_of(LocationChanged, staff.clinic_id)
        therapists = await self.all_of(TherapistChanged, staff.clinic_id)
        cases = await self.all_of(PatientCaseChanged, staff.clinic_id)
        return scheduler_scope(
            staff,
            (location.location_id for location in locations),
            {therapist.therapist_id: therapist.location_ids for therapist in therapists},
            cases,
        )

    async def therapists_at(self, location: LocationChanged) -> list[TherapistChanged]:
        therapists = await self.all_of(TherapistChanged, location.clinic_id)
        return [therapist for therapist in therapists if location.location_id in therapist.location_ids]
