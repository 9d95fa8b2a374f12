"""Who and what a notice names, from this service's copy of the settings."""

import uuid
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from clinic_contracts.access import scheduler_may_see_patient
from clinic_contracts.events import (
    ClinicSettingsChanged,
    LocationChanged,
    PatientCaseChanged,
    PatientChanged,
    PortalUserChanged,
    StaffUserChanged,
    TherapistChanged,
    VisitTypeChanged,
)
from servicekit.settings_replica import SettingsReplica


class NotYetKnown(LookupError):
    """The settings replica does not hold something a notice names yet: the event is tried again
    (and dead-lettered if it never arrives), not sent with a gap."""


@dataclass(frozen=True)
class VisitNames:
    clinic: ClinicSettingsChanged
    location: LocationChanged
    therapist: TherapistChanged
    visit_type: VisitTypeChanged
    patient: PatientChanged


async def visit_names(
    session: AsyncSession,
    replica: SettingsReplica,
    *,
    clinic_id: uuid.UUID,
    location_id: uuid.UUID,
    therapist_id: uuid.UUID,
    visit_type_id: uuid.UUID,
    patient_id: uuid.UUID,
) -> VisitNames:
    wanted = {
        "clinic": (ClinicSettingsChanged, str(clinic_id)),
        "location": (LocationChanged, str(location_id)),
        "therapist": (TherapistChanged, str(therapist_id)),
        "visit_type": (VisitTypeChanged, str(visit_type_id)),
        "patient": (PatientChanged, str(patient_id)),
    }
    found = await replica.get_many(session, list(wanted.values()))
    missing = [
        f"{model.event_type} {entity_id}" for model, entity_id in wanted.values() if (model, entity_id) not in found
    ]
    if missing:
        raise NotYetKnown("not in the settings replica yet: " + ", ".join(missing))
    return VisitNames(**{name: found[key] for name, key in wanted.items()})


async def portal_user(session: AsyncSession, replica: SettingsReplica, portal_user_id: uuid.UUID) -> PortalUserChanged:
    user = await replica.get(session, PortalUserChanged, str(portal_user_id))
    if user is None:
        raise NotYetKnown(f"not in the settings replica yet: PortalUserChanged {portal_user_id}")
    return user


async def schedulers_who_see(
    session: AsyncSession, replica: SettingsReplica, clinic_id: uuid.UUID, patient_id: uuid.UUID
) -> list[StaffUserChanged]:
    """The clinic's active schedulers who may see the patient: the rule the request list applies
    (clinic_contracts.access.scheduler_may_see_patient), so nobody is told of a patient they could
    not open."""
    cases = await replica.all_of(session, PatientCaseChanged, clinic_id, where={"patient_id": str(patient_id)})
    staff = await replica.all_of(session, StaffUserChanged, clinic_id)
    return [person for person in staff if scheduler_may_see_patient(person, cases)]
