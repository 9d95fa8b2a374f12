"""The clinic settings this service decides by, read from its replica of the settings topics."""

from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from clinic_contracts.events import (
    ClinicSettingsChanged,
    LocationChanged,
    PatientCaseChanged,
    PortalUserChanged,
    StaffUserChanged,
    StateEvent,
    TherapistChanged,
    VisitTypeChanged,
)
from servicekit.settings_replica import SettingsReplica


class UnknownSetting(LookupError):
    """The replica holds no such entity: a wrong id, or one the settings topics have not brought yet."""

    def __init__(self, kind: str, entity_id: UUID) -> None:
        super().__init__(f"No {kind.replace('-', ' ')} with id {entity_id} is known to the request service.")
        self.kind = kind
        self.entity_id = entity_id


# The model of each kind of setting, by the name of its reader below (and of `load`'s kinds).
MODELS: dict[str, type[StateEvent]] = {
    "clinic": ClinicSettingsChanged,
    "portal_user": PortalUserChanged,
    "staff_user": StaffUserChanged,
    "case": PatientCaseChanged,
    "location": LocationChanged,
    "visit_type": VisitTypeChanged,
    "therapist": TherapistChanged,
}


class ReplicatedSettings:
    """One unit of work's reads of the replica: each setting is read once (a unit of work judges by
    one view of them), and `load` reads several in one query, which the readers then answer from."""

    def __init__(self, session: AsyncSession, replica: SettingsReplica) -> None:
        self.session = session
        self.replica = replica
        self._read: dict[tuple[type[StateEvent], str], StateEvent | None] = {}

    async def load(self, *wanted: tuple[str, UUID]) -> None:
        """Reads these (`("case", id)`, ...) in one query; those already read are not read again."""
        keys = [(MODELS[kind], str(entity_id)) for kind, entity_id in wanted]
        missing = list(dict.fromkeys(key for key in keys if key not in self._read))
        found = await self.replica.get_many(self.session, missing)
        for key in missing:
            self._read[key] = found.get(key)

    async def _known(self, kind: str, entity_id: UUID) -> StateEvent:
        key = (MODELS[kind], str(entity_id))
        if key not in self._read:
            self._read[key] = await self.replica.get(self.session, *key)
        state = self._read[key]
        if state is None:
            # The problem's code names the kind as the other codes do ("unknown-visit-type").
            raise UnknownSetting(kind.replace("_", "-"), entity_id)
        return state

    async def clinic(self, clinic_id: UUID) -> ClinicSettingsChanged:
        return await self._known("clinic", clinic_id)

    async def portal_user(self, portal_user_id: UUID) -> PortalUserChanged:
        return await self._known("portal_user", portal_user_id)

    async def staff_user(self, staff_user_id: UUID) -> StaffUserChanged:
        return await self._known("staff_user", staff_user_id)

    async def case(self, case_id: UUID) -> PatientCaseChanged:
        return await self._known("case", case_id)

    async def location(self, location_id: UUID) -> LocationChanged:
        return await self._known("location", location_id)

    async def visit_type(self, visit_type_id: UUID) -> VisitTypeChanged:
        return await self._known("visit_type", visit_type_id)

    async def therapist(self, therapist_id: UUID) -> TherapistChanged:
        return await self._known("therapist", therapist_id)

    async def cases_of_clinic(self, clinic_id: UUID) -> list[PatientCaseChanged]:
        return await self.replica.all_of(self.session, PatientCaseChanged, clinic_id)

    async def cases_of_patient(self, clinic_id: UUID, patient_id: UUID) -> list[PatientCaseChanged]:
        return [case for case in await self.cases_of_clinic(clinic_id) if case.patient_id == patient_id]
