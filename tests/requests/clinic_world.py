"""One clinic's settings, as the settings topics carry them: enough to request, review and edit.

Every id is new, so tests sharing a broker and a database never see each other's clinic.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import time

from clinic_contracts.events import (
    CaseStatus,
    ClinicSettingsChanged,
    LocationChanged,
    OpeningInterval,
    PatientCaseChanged,
    PatientChanged,
    PortalUserChanged,
    PortalUserRole,
    RequestPolicy,
    StaffPermission,
    StaffUserChanged,
    StateEvent,
    TherapistChanged,
    VisitTypeChanged,
)

POLICY = RequestPolicy(
    minimum_notice_hours=24,
    booking_horizon_days=60,
    slot_interval_minutes=15,
    pending_request_holds_slot=True,
    pending_request_expiry_hours=72,
    max_pending_requests_per_case=3,
)
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


def new_clinic_world(policy: RequestPolicy = POLICY, **clinic_changes) -> ClinicWorld:
    clinic_id = uuid.uuid4()
    clinic = ClinicSettingsChanged(
        clinic_id=clinic_id,
        name="Riverside Therapy",
        time_zone="America/Chicago",
        appointment_requests_enabled=True,
        request_policy=policy,
        revision=1,
    ).model_copy(update=clinic_changes)

    def location(name: str) -> LocationChanged:
        return LocationChanged(
            location_id=uuid.uuid4(),
            clinic_id=clinic_id,
            name=name,
            time_zone="America/Chicago",
            address="1 River Road",
            allow_appointment_requests=True,
            operating_hours=WEEKDAY_HOURS,
            closures=(),
            revision=1,
        )

    def visit_type(name: str, minutes: int) -> VisitTypeChanged:
        return VisitTypeChanged(
            visit_type_id=uuid.uuid4(),
            clinic_id=clinic_id,
            name=name,
            duration_minutes=minutes,
            active=True,
            revision=1,
        )

    def staff(name: str, location_ids: tuple[uuid.UUID, ...]) -> StaffUserChanged:
        return StaffUserChanged(
            staff_user_id=uuid.uuid4(),
            clinic_id=clinic_id,
            name=name,
            email=f"{name.lower()}@riverside.example",
            permissions=(StaffPermission.SCHEDULING,),
            all_locations=False,
            location_ids=location_ids,
            active=True,
            revision=1,
        )

    main, branch = location("Riverside"), location("Hillside")
    follow_up, evaluation = visit_type("Follow-up", 45), visit_type("Evaluation", 60)
    therapist = TherapistChanged(
        therapist_id=uuid.uuid4(),
        clinic_id=clinic_id,
        name="Dana Physio",
        location_ids=(main.location_id, branch.location_id),
        active=True,
        revision=1,
    )
    colleague = TherapistChanged(
        therapist_id=uuid.uuid4(),
        clinic_id=clinic_id,
        name="Lee Physio",
        location_ids=(branch.location_id,),
        active=True,
        revision=1,
    )
    patient = PatientChanged(patient_id=uuid.uuid4(), clinic_id=clinic_id, name="Alex", revision=1)
    case = PatientCaseChanged(
        case_id=uuid.uuid4(),
        clinic_id=clinic_id,
        patient_id=patient.patient_id,
        title="Knee rehab",
        primary_therapist_id=therapist.therapist_id,
        location_id=main.location_id,
        status=CaseStatus.ACTIVE,
        allow_appointment_requests=True,
        requestable_visit_type_ids=(follow_up.visit_type_id,),
        revision=1,
    )
    portal_user = PortalUserChanged(
        portal_user_id=uuid.uuid4(),
        clinic_id=clinic_id,
        name="Alex's parent",
        email="parent@example.org",
        role=PortalUserRole.CAREGIVER,
        active=True,
        patient_ids=(patient.patient_id,),
        revision=1,
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
