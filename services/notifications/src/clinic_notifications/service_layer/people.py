"""Who and what a notice names, from this service's copy of the settings.

What the replica does not hold yet raises UnknownSetting: the event is tried again (and
dead-lettered if it never arrives), not sent with a gap.
"""

import uuid
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from clinic_contracts.access import scheduler_may_see_patient
from clinic_contracts.events import (
    ClinicSettingsChanged,
    LocationChanged,
    PatientCaseChanged,
    PatientChanged,
    StaffUserChanged,
    TherapistChanged,
    VisitTypeChanged,
)
from servicekit.replicated_settings import ReplicatedSettings
from servicekit.settings_replica import SettingsReplica


def settings_in(session: AsyncSession, replica: SettingsReplica) -> ReplicatedSettings:
    """The transaction's one reader of the replica: an event's notices (the portal user's, each
    scheduler's) read each setting once between them, not once each."""
    settings = session.info.get(ReplicatedSettings)
    if settings is None:
        settings = session.info[ReplicatedSettings] = ReplicatedSettings(session, replica, service="notifications")
    return settings


@dataclass(frozen=True)
class VisitNames:
    clinic: ClinicSettingsChanged
    location: LocationChanged
    therapist: TherapistChanged
    visit_type: VisitTypeChanged
    patient: PatientChanged


def visit_settings(
    clinic_id: uuid.UUID,
    location_id: uuid.UUID,
    therapist_id: uuid.UUID,
    visit_type_id: uuid.UUID,
    patient_id: uuid.UUID,
) -> tuple[tuple[str, uuid.UUID], ...]:
    """What VisitNames names, as ReplicatedSettings.load takes them (to load with other settings)."""
    return (
        ("clinic", clinic_id),
        ("location", location_id),
        ("therapist", therapist_id),
        ("visit_type", visit_type_id),
        ("patient", patient_id),
    )


async def visit_names(
    settings: ReplicatedSettings,
    *,
    clinic_id: uuid.UUID,
    location_id: uuid.UUID,
    therapist_id: uuid.UUID,
    visit_type_id: uuid.UUID,
    patient_id: uuid.UUID,
) -> VisitNames:
    await settings.load(*visit_settings(clinic_id, location_id, therapist_id, visit_type_id, patient_id))
    return VisitNames(
        clinic=await settings.clinic(clinic_id),
        location=await settings.location(location_id),
        therapist=await settings.therapist(therapist_id),
        visit_type=await settings.visit_type(visit_type_id),
        patient=await settings.patient(patient_id),
    )


async def schedulers_who_see(
    settings: ReplicatedSettings, clinic_id: uuid.UUID, patient_id: uuid.UUID
) -> list[StaffUserChanged]:
    """The clinic's active schedulers who may see the patient: the rule the request list applies
    (clinic_contracts.access.scheduler_may_see_patient), so nobody is told of a patient they could
    not open."""
    cases = await settings.all_of(PatientCaseChanged, clinic_id, where={"patient_id": str(patient_id)})
    staff = await settings.all_of(StaffUserChanged, clinic_id)
    return [person for person in staff if scheduler_may_see_patient(person, cases)]
