"""Who may do what, and what may be requested: the rules the gateway and the request service share.

Pure functions over the settings events, so every service decides from the same state the same
way. Each answers "no" for anything inactive, discharged or of another clinic.
"""

from collections.abc import Iterable
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


def portal_user_may_request_for(portal_user: PortalUserChanged, patient_id: UUID) -> bool:
    """A portal user requests for the patients they are linked to (a parent for each child)."""
    return portal_user.active and patient_id in portal_user.patient_ids


def case_is_requestable(
    clinic: ClinicSettingsChanged, location: LocationChanged, case: PatientCaseChanged
) -> bool:
    """The three gates: the clinic's feature is on, the case's location allows requests, and the
    case is active and allows them."""
    return (
        clinic.appointment_requests_enabled
        and location.allow_appointment_requests
        and case.status == CaseStatus.ACTIVE
        and case.allow_appointment_requests
        and case.clinic_id == clinic.clinic_id == location.clinic_id
        and case.location_id == location.location_id
    )


def visit_type_is_requestable(case: PatientCaseChanged, visit_type: VisitTypeChanged) -> bool:
    """The visit type is active and allowed for this case."""
    return (
        visit_type.active
        and visit_type.visit_type_id in case.requestable_visit_type_ids
        and visit_type.clinic_id == case.clinic_id
    )


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
