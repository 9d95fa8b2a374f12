"""The settings this service reads, from its replica of the settings topics."""

from typing import TypeVar
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from clinic_contracts.access import SchedulerScope, scheduler_scope
from clinic_contracts.events import (
    ClinicSettingsChanged,
    LocationChanged,
    PatientCaseChanged,
    PatientChanged,
    PortalUserChanged,
    StaffUserChanged,
    StateEvent,
    TherapistChanged,
    VisitTypeChanged,
)
from servicekit.settings_replica import SettingsReplica

S = TypeVar("S", bound=StateEvent)

_KINDS: dict[type[StateEvent], str] = {
    ClinicSettingsChanged: "clinic",
    LocationChanged: "location",
    TherapistChanged: "therapist",
    VisitTypeChanged: "visit-type",
    PatientChanged: "patient",
    PatientCaseChanged: "case",
    StaffUserChanged: "staff-user",
    PortalUserChanged: "portal-user",
}


class UnknownSetting(LookupError):
    """The replica has no such entity: it does not exist, or has not arrived yet."""

    def __init__(self, kind: str, entity_id: UUID) -> None:
        super().__init__(f"No {kind.replace('-', ' ')} with id {entity_id} is known to the availability service.")
        self.kind = kind


class ReplicatedSettings:
    def __init__(self, session: AsyncSession, replica: SettingsReplica) -> None:
        self.session = session
        self.replica = replica

    async def _one(self, model: type[S], entity_id: UUID) -> S:
        state = await self.replica.get(self.session, model, str(entity_id))
        if state is None:
            raise UnknownSetting(_KINDS[model], entity_id)
        return state

    async def clinic(self, clinic_id: UUID) -> ClinicSettingsChanged:
        return await self._one(ClinicSettingsChanged, clinic_id)

    async def location(self, location_id: UUID) -> LocationChanged:
        return await self._one(LocationChanged, location_id)

    async def therapist(self, therapist_id: UUID) -> TherapistChanged:
        return await self._one(TherapistChanged, therapist_id)

    async def visit_type(self, visit_type_id: UUID) -> VisitTypeChanged:
        return await self._one(VisitTypeChanged, visit_type_id)

    async def patient(self, patient_id: UUID) -> PatientChanged:
        return await self._one(PatientChanged, patient_id)

    async def case(self, case_id: UUID) -> PatientCaseChanged:
        return await self._one(PatientCaseChanged, case_id)

    async def staff_user(self, staff_user_id: UUID) -> StaffUserChanged:
        return await self._one(StaffUserChanged, staff_user_id)

    async def portal_user(self, portal_user_id: UUID) -> PortalUserChanged:
        return await self._one(PortalUserChanged, portal_user_id)

    async def scope_of(self, staff: StaffUserChanged) -> SchedulerScope:
        """What this staff user may see on calendars, from this service's own copy of the clinic."""
        locations = await self.replica.all_of(self.session, LocationChanged, staff.clinic_id)
        therapists = await self.replica.all_of(self.session, TherapistChanged, staff.clinic_id)
        cases = await self.replica.all_of(self.session, PatientCaseChanged, staff.clinic_id)
        return scheduler_scope(
            staff,
            (location.location_id for location in locations),
            {therapist.therapist_id: therapist.location_ids for therapist in therapists},
            cases,
        )

    async def therapists_at(self, location: LocationChanged) -> list[TherapistChanged]:
        therapists = await self.replica.all_of(self.session, TherapistChanged, location.clinic_id)
        return [therapist for therapist in therapists if location.location_id in therapist.location_ids]
