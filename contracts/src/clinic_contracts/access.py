"""Who may do what, and what may be requested: the rules the gateway and the request service share.

Pure functions over the settings events, so every service decides from the same state the same
way. Each answers "no" for anything inactive, discharged or of another clinic.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from uuid import UUID

from clinic_contracts.events import (
    CaseStatus,
    ClinicSettingsChanged,
    LocationChanged,
    PatientCaseChanged,
    PortalUserChanged,
    StaffPermission,
    StaffUserChanged,
    VisitTypeChanged,
)


def may_administer(staff: StaffUserChanged) -> bool:
    """Admins configure the clinic, including turning appointment requests on."""
    return staff.active and StaffPermission.ADMIN in staff.permissions


def may_schedule(staff: StaffUserChanged) -> bool:
    """Schedulers see and decide appointment requests, for the patients they have access to."""
    return staff.active and StaffPermission.SCHEDULING in staff.permissions


def location_is_assigned_to(staff: StaffUserChanged, location_id: UUID) -> bool:
    return staff.all_locations or location_id in staff.location_ids


def scheduler_may_see_patient(staff: StaffUserChanged, cases_of_patient: Iterable[PatientCaseChanged]) -> bool:
    """An active scheduler sees a patient when one of the patient's cases in the scheduler's clinic,
    discharged ones included, is at a location assigned to them (all locations cover every case).
    A patient without cases has nothing to schedule and is seen by no scheduler."""
    return may_schedule(staff) and any(
        case.clinic_id == staff.clinic_id and location_is_assigned_to(staff, case.location_id)
        for case in cases_of_patient
    )


def patients_seen_by(staff: StaffUserChanged, cases: Iterable[PatientCaseChanged]) -> frozenset[UUID]:
    """The patients, among those with `cases`, whom `staff` may see: `scheduler_may_see_patient`
    over each patient's cases. The request list, the calendars and the waitlist all ask this."""
    by_patient: dict[UUID, list[PatientCaseChanged]] = {}
    for case in cases:
        by_patient.setdefault(case.patient_id, []).append(case)
    return frozenset(
        patient for patient, their_cases in by_patient.items() if scheduler_may_see_patient(staff, their_cases)
    )


@dataclass(frozen=True)
class SchedulerScope:
    """What a scheduler may see on calendars: the locations assigned to them, the therapists who
    work at one of them, and the patients with a case at one of them."""

    location_ids: frozenset[UUID]
    therapist_ids: frozenset[UUID]
    patient_ids: frozenset[UUID]

    def sees_location(self, location_id: UUID) -> bool:
        return location_id in self.location_ids

    def sees_therapist(self, therapist_id: UUID) -> bool:
        return therapist_id in self.therapist_ids

    def sees_patient(self, patient_id: UUID) -> bool:
        return patient_id in self.patient_ids


def scheduler_scope(
    staff: StaffUserChanged,
    location_ids: Iterable[UUID],
    therapist_locations: Mapping[UUID, Iterable[UUID]],
    cases: Iterable[PatientCaseChanged],
) -> SchedulerScope:
    """The scope of `staff` in their clinic, given its locations, where each therapist works and
    its patient cases. Patients are `patients_seen_by`, as on the request list, so a calendar and
    the list never disagree."""
    locations = frozenset(location for location in location_ids if location_is_assigned_to(staff, location))
    therapists = frozenset(
        therapist for therapist, works_at in therapist_locations.items() if locations & set(works_at)
    )
    return SchedulerScope(locations, therapists, patients_seen_by(staff, cases))


def portal_user_may_request_for(portal_user: PortalUserChanged, patient_id: UUID) -> bool:
    """A portal user requests for the patients they are linked to (a parent for each child)."""
    return portal_user.active and patient_id in portal_user.patient_ids


# The portal gates, one clause each. The request service refuses by each clause with its own code
# (clinic_requests.domain.submission_rules), the gateway asks them before it lists slots, and the
# composites below are made of the same clauses.


def clinic_takes_requests(clinic: ClinicSettingsChanged) -> bool:
    return clinic.appointment_requests_enabled


def location_takes_requests(location: LocationChanged) -> bool:
    return location.allow_appointment_requests


def case_is_active(case: PatientCaseChanged) -> bool:
    return case.status == CaseStatus.ACTIVE


def case_takes_requests(case: PatientCaseChanged) -> bool:
    return case.allow_appointment_requests


def case_is_treated_at(case: PatientCaseChanged, location: LocationChanged) -> bool:
    """A portal request is for the case's own location; another one is a scheduler's edit."""
    return case.location_id == location.location_id


def visit_type_is_active(visit_type: VisitTypeChanged) -> bool:
    return visit_type.active


def visit_type_is_allowed_for(case: PatientCaseChanged, visit_type: VisitTypeChanged) -> bool:
    return visit_type.visit_type_id in case.requestable_visit_type_ids and visit_type.clinic_id == case.clinic_id


def case_is_requestable(clinic: ClinicSettingsChanged, location: LocationChanged, case: PatientCaseChanged) -> bool:
    """The three gates: the clinic's feature is on, the case's location allows requests, and the
    case is active and allows them."""
    return (
        clinic_takes_requests(clinic)
        and location_takes_requests(location)
        and case_is_active(case)
        and case_takes_requests(case)
        and case.clinic_id == clinic.clinic_id == location.clinic_id
        and case_is_treated_at(case, location)
    )


def visit_type_is_requestable(case: PatientCaseChanged, visit_type: VisitTypeChanged) -> bool:
    """The visit type is active and allowed for this case."""
    return visit_type_is_active(visit_type) and visit_type_is_allowed_for(case, visit_type)


def portal_user_may_request(
    portal_user: PortalUserChanged,
    clinic: ClinicSettingsChanged,
    location: LocationChanged,
    case: PatientCaseChanged,
    visit_type: VisitTypeChanged,
) -> bool:
    """Everything a portal request needs: the user may request for the case's patient, the case is
    requestable at its location, and so is the visit type."""
    return (
        portal_user.clinic_id == clinic.clinic_id
        and portal_user_may_request_for(portal_user, case.patient_id)
        and case_is_requestable(clinic, location, case)
        and visit_type_is_requestable(case, visit_type)
    )
