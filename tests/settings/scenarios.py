"""Settings use cases as scenarios, one body for two units of work: the in-memory one
(tests/settings/unit/test_scenarios_in_memory.py) and the real one on SQLite and PostgreSQL
(tests/settings/integration/test_scenarios.py). A scenario that passes on one and fails on the
other has found the fake drifting from the database."""

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from uuid import UUID, uuid4

import pytest

from clinic_contracts.events import CaseStatus, PortalUserRole
from clinic_settings.domain.clinic import Clinic
from clinic_settings.domain.errors import SettingsConflict, SettingsRuleBroken
from clinic_settings.domain.location import Location
from clinic_settings.domain.patient import Patient
from clinic_settings.domain.patient_case import PatientCase
from clinic_settings.domain.portal_user import PortalUser
from clinic_settings.domain.therapist import Therapist
from clinic_settings.domain.visit_type import VisitType
from clinic_settings.service_layer import entities, reading
from clinic_settings.service_layer.unit_of_work import EntityNotFound, SettingsUnitOfWork
from clinic_settings.service_layer.users import add_user


@dataclass(frozen=True)
class SettingsUnderTest:
    uow: SettingsUnitOfWork
    # How many events the committed transactions left in the outbox.
    published: Callable[[], Awaitable[int]]


@dataclass(frozen=True)
class Practice:
    clinic: Clinic
    location: Location
    visit_types: tuple[VisitType, VisitType]
    therapist: Therapist
    patient: Patient
    case: PatientCase
    caregiver: PortalUser


async def a_practice(settings: SettingsUnderTest) -> Practice:
    """A location allowing requests, a case allowing two visit types there, and a caregiver
    linked to the patient: 8 creations, 8 events."""
    uow = settings.uow
    clinic = await entities.add(uow, Clinic(clinic_id=uuid4(), name="Harborview", time_zone="America/New_York"))
    in_clinic = {"clinic_id": clinic.clinic_id}
    location = await entities.add(
        uow,
        Location(
            location_id=uuid4(),
            name="Downtown",
            time_zone="America/New_York",
            allow_appointment_requests=True,
            **in_clinic,
        ),
    )
    evaluation = await entities.add(
        uow, VisitType(visit_type_id=uuid4(), name="Evaluation", duration_minutes=60, **in_clinic)
    )
    follow_up = await entities.add(
        uow, VisitType(visit_type_id=uuid4(), name="Follow-up", duration_minutes=45, **in_clinic)
    )
    therapist = await entities.add(
        uow, Therapist(therapist_id=uuid4(), name="Ana Ortiz", location_ids=(location.location_id,), **in_clinic)
    )
    patient = await entities.add(uow, Patient(patient_id=uuid4(), name="Mia Chen", **in_clinic))
    case = await entities.add(
        uow,
        PatientCase(
            case_id=uuid4(),
            patient_id=patient.patient_id,
            title="Knee rehab",
            primary_therapist_id=therapist.therapist_id,
            location_id=location.location_id,
            allow_appointment_requests=True,
            requestable_visit_type_ids=(evaluation.visit_type_id, follow_up.visit_type_id),
            **in_clinic,
        ),
    )
    caregiver = PortalUser(
        portal_user_id=uuid4(),
        name="Lin Chen",
        email="Lin.Chen@example.org",
        role=PortalUserRole.CAREGIVER,
        patient_ids=(patient.patient_id,),
        **in_clinic,
    )
    caregiver = await add_user(uow, caregiver, password_hash=None)
    return Practice(clinic, location, (evaluation, follow_up), therapist, patient, case, caregiver)


async def everything_set_up_reads_back_as_it_was_stored(settings: SettingsUnderTest) -> None:
    practice = await a_practice(settings)
    uow = settings.uow

    case = await entities.one(uow, PatientCase, practice.case.case_id)
    caregiver = await entities.one(uow, PortalUser, practice.caregiver.portal_user_id)
    visit_types = await entities.of_clinic(uow, VisitType, practice.clinic.clinic_id)

    assert case == practice.case and case.revision == 1
    assert case.requestable_visit_type_ids == tuple(v.visit_type_id for v in practice.visit_types)
    assert caregiver.patient_ids == (practice.patient.patient_id,) and caregiver.email == "lin.chen@example.org"
    assert [v.name for v in visit_types] == ["Evaluation", "Follow-up"], "listed by name"
    assert await settings.published() == 8


async def a_change_is_one_revision_and_one_event_and_a_repeat_is_neither(settings: SettingsUnderTest) -> None:
    practice = await a_practice(settings)
    uow, location_id = settings.uow, practice.location.location_id

    renamed = await entities.change(uow, Location, location_id, name="Harborview Downtown")
    again = await entities.change(uow, Location, location_id, name="Harborview Downtown")

    assert renamed.revision == again.revision == 2
    assert (await entities.one(uow, Location, location_id)).name == "Harborview Downtown"
    assert await settings.published() == 8 + 1


async def deactivating_the_patient_discharges_their_case(settings: SettingsUnderTest) -> None:
    practice = await a_practice(settings)
    uow = settings.uow

    await entities.change(uow, Patient, practice.patient.patient_id, active=False)

    case = await entities.one(uow, PatientCase, practice.case.case_id)
    assert case.status is CaseStatus.DISCHARGED and case.revision == 2
    assert await settings.published() == 8 + 2


async def deactivating_a_location_stops_its_requests(settings: SettingsUnderTest) -> None:
    practice = await a_practice(settings)
    uow, location_id = settings.uow, practice.location.location_id

    deactivated = await entities.change(uow, Location, location_id, active=False)

    assert not deactivated.active and not deactivated.allow_appointment_requests
    with pytest.raises(SettingsRuleBroken) as refused:
        await entities.change(uow, Location, location_id, allow_appointment_requests=True)
    assert refused.value.code == "location-inactive"


async def a_refused_change_leaves_everything_as_it_was(settings: SettingsUnderTest) -> None:
    practice = await a_practice(settings)
    uow, case_id = settings.uow, practice.case.case_id

    with pytest.raises(SettingsRuleBroken) as refused:
        await entities.change(uow, PatientCase, case_id, primary_therapist_id=uuid4())

    assert refused.value.code == "unknown-therapist"
    assert await entities.one(uow, PatientCase, case_id) == practice.case
    assert await settings.published() == 8


async def a_taken_email_refuses_the_whole_user(settings: SettingsUnderTest) -> None:
    practice = await a_practice(settings)
    uow = settings.uow
    namesake = PortalUser(
        portal_user_id=uuid4(),
        clinic_id=practice.clinic.clinic_id,
        name="Someone Else",
        email="lin.chen@example.org",
        role=PortalUserRole.PATIENT,
    )

    with pytest.raises(SettingsConflict) as refused:
        await add_user(uow, namesake, password_hash=None)

    assert refused.value.code == "email-taken"
    await _missing(uow, PortalUser, namesake.portal_user_id)
    assert await settings.published() == 8


async def the_same_id_twice_is_a_conflict_and_a_reference_must_exist(settings: SettingsUnderTest) -> None:
    practice = await a_practice(settings)
    uow = settings.uow

    with pytest.raises(SettingsConflict) as again:
        await entities.add(uow, practice.location)
    stray = Therapist(therapist_id=uuid4(), clinic_id=practice.clinic.clinic_id, name="Sam", location_ids=(uuid4(),))
    with pytest.raises(SettingsRuleBroken) as unknown:
        await entities.add(uow, stray)

    assert (again.value.code, unknown.value.code) == ("location-exists", "unknown-location")
    await _missing(uow, Therapist, stray.therapist_id)


async def a_requests_settings_are_each_as_stored(settings: SettingsUnderTest) -> None:
    """What a portal user's request is judged by, read at once: each entity whole, the case's own
    location when none is named, and null for what does not exist or is not theirs to see."""
    practice = await a_practice(settings)
    user, case, visit_type = practice.caregiver.portal_user_id, practice.case.case_id, practice.visit_types[1]
    named = await reading.request_settings(
        settings.uow, user, case, visit_type.visit_type_id, practice.location.location_id
    )
    of_the_case = await reading.request_settings(settings.uow, user, case, visit_type.visit_type_id)
    for found in (named, of_the_case):
        assert (found.clinic, found.case, found.location) == (practice.clinic, practice.case, practice.location)
        assert (found.visit_type, found.portal_user) == (visit_type, practice.caregiver)
    nothing = await reading.request_settings(settings.uow, user, uuid4(), uuid4(), uuid4())
    assert (nothing.case, nothing.location, nothing.visit_type) == (None, None, None)
    assert nothing.clinic == practice.clinic
    elsewhere = await entities.add(
        settings.uow, Clinic(clinic_id=uuid4(), name="Elsewhere", time_zone="America/Chicago")
    )
    far = await entities.add(
        settings.uow,
        Location(location_id=uuid4(), name="Far", time_zone="America/Chicago", clinic_id=elsewhere.clinic_id),
    )
    strays = await reading.request_settings(settings.uow, user, case, visit_type.visit_type_id, far.location_id)
    assert strays.location is None and strays.case == practice.case


async def _missing(uow: SettingsUnitOfWork, entity_type: type, entity_id: UUID) -> None:
    with pytest.raises(EntityNotFound):
        await entities.one(uow, entity_type, entity_id)


SCENARIOS = [
    everything_set_up_reads_back_as_it_was_stored,
    a_change_is_one_revision_and_one_event_and_a_repeat_is_neither,
    deactivating_the_patient_discharges_their_case,
    deactivating_a_location_stops_its_requests,
    a_refused_change_leaves_everything_as_it_was,
    a_taken_email_refuses_the_whole_user,
    the_same_id_twice_is_a_conflict_and_a_reference_must_exist,
    a_requests_settings_are_each_as_stored,
]
