"""One clinic's settings, as the settings topics carry them: enough to request, review and edit.

Every id is new, so tests sharing a broker and a database never see each other's clinic.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import time

from clinic_contracts.events import (
    ClinicSettingsChanged,
    LocationChanged,
    OpeningInterval,
    PatientCaseChanged,
    PatientChanged,
    PortalUserChanged,
    RequestPolicy,
    StaffUserChanged,
    StateEvent,
    TherapistChanged,
    VisitTypeChanged,
)
from tests.examples import REQUEST_POLICY
from tests.sample_events import case_of, sample

POLICY = REQUEST_POLICY
WEEKDAY_HOURS = tuple(OpeningInterval(weekday=day, start=time(8), end=time(17)) for day in range(5))


def next_revision(state: StateEvent, **changes) -> StateEvent:
    """The entity after a change, as the settings service would publish it."""
    return state.model_copy(update={**changes, "revision": state.revision + 1})


@dataclass
class ClinicWorld:
    clinic: ClinicSettingsChanged
    location: LocationChanged
    branch: LocationChanged  # a second location, where `therapist` also works
    visit_type: VisitTypeChanged
    long_visit_type: VisitTypeChanged
    therapist: TherapistChanged
    colleague: TherapistChanged  # works at `branch` only
    patient: PatientChanged
    case: PatientCaseChanged
    portal_user: PortalUserChanged
    scheduler: StaffUserChanged  # sees patients treated at `location`
    branch_scheduler: StaffUserChanged  # sees only `branch`

    @property
    def clinic_id(self) -> uuid.UUID:
        return self.clinic.clinic_id

    def states(self) -> list[StateEvent]:
        return [
            self.clinic,
            self.location,
            self.branch,
            self.visit_type,
            self.long_visit_type,
            self.therapist,
            self.colleague,
            self.patient,
            self.case,
            self.portal_user,
            self.scheduler,
            self.branch_scheduler,
        ]

    def asking(self) -> dict[str, object]:
        """What every submission of the portal user names (a new idempotency key each time): their
        patient's case, at the main location, for the short visit."""
        return {
            "idempotency_key": str(uuid.uuid4()),
            "portal_user_id": self.portal_user.portal_user_id,
            "patient_id": self.patient.patient_id,
            "case_id": self.case.case_id,
            "visit_type_id": self.visit_type.visit_type_id,
            "location_id": self.location.location_id,
        }

    def another_patient(self, name: str = "Sam") -> tuple[PatientChanged, PatientCaseChanged, PortalUserChanged]:
        """A second family at the same location, with its own portal user."""
        patient = PatientChanged(patient_id=uuid.uuid4(), clinic_id=self.clinic_id, name=name, revision=1)
        case = self.case.model_copy(update={"case_id": uuid.uuid4(), "patient_id": patient.patient_id})
        portal_user = self.portal_user.model_copy(
            update={"portal_user_id": uuid.uuid4(), "patient_ids": (patient.patient_id,)}
        )
        return patient, case, portal_user


def family_asking(patient: PatientChanged, case: PatientCaseChanged, portal_user: PortalUserChanged) -> dict:
    """What a submission names for another family (`ClinicWorld.another_patient`) instead of the world's own."""
    return {"portal_user_id": portal_user.portal_user_id, "patient_id": patient.patient_id, "case_id": case.case_id}


def new_clinic_world(policy: RequestPolicy = POLICY, **clinic_changes) -> ClinicWorld:
    clinic = sample(
        ClinicSettingsChanged, name="Riverside Therapy", time_zone="America/Chicago", request_policy=policy
    ).model_copy(update=clinic_changes)
    clinic_id = clinic.clinic_id

    def location(name: str) -> LocationChanged:
        return sample(
            LocationChanged,
            clinic_id=clinic_id,
            name=name,
            time_zone="America/Chicago",
            address="1 River Road",
            operating_hours=WEEKDAY_HOURS,
        )

    def visit_type(name: str, minutes: int) -> VisitTypeChanged:
        return sample(VisitTypeChanged, clinic_id=clinic_id, name=name, duration_minutes=minutes)

    def therapist_at(name: str, *locations: LocationChanged) -> TherapistChanged:
        location_ids = tuple(location.location_id for location in locations)
        return sample(TherapistChanged, clinic_id=clinic_id, name=name, location_ids=location_ids)

    def staff(name: str, location_ids: tuple[uuid.UUID, ...]) -> StaffUserChanged:
        email = f"{name.lower()}@riverside.example"
        return sample(StaffUserChanged, clinic_id=clinic_id, name=name, email=email, location_ids=location_ids)

    main, branch = location("Riverside"), location("Hillside")
    follow_up, evaluation = visit_type("Follow-up", 45), visit_type("Evaluation", 60)
    therapist, colleague = therapist_at("Dana Physio", main, branch), therapist_at("Lee Physio", branch)
    patient = sample(PatientChanged, clinic_id=clinic_id, name="Alex")
    case = case_of(patient, therapist, main, follow_up)
    portal_user = sample(
        PortalUserChanged,
        clinic_id=clinic_id,
        name="Alex's parent",
        email="parent@example.org",
        patient_ids=(patient.patient_id,),
    )
    return ClinicWorld(
        clinic=clinic,
        location=main,
        branch=branch,
        visit_type=follow_up,
        long_visit_type=evaluation,
        therapist=therapist,
        colleague=colleague,
        patient=patient,
        case=case,
        portal_user=portal_user,
        scheduler=staff("Robin", (main.location_id,)),
        branch_scheduler=staff("Kim", (branch.location_id,)),
    )
