"""What must hold for a scheduler to approve, edit or decline a request.

Schedulers see only the patients they have access to (`clinic_contracts.access`), so a request
they may not see is one they may not decide either.

An edit is a scheduler's judgement, not a portal request: the new location need not take portal
requests and the visit type need not be one the case allows. It must still be something that can
be booked: an active visit type, an active therapist who works at that location, in the clinic,
in the future. Whether the new time is free is availability's answer, through the new hold.
"""

from collections.abc import Sequence
from datetime import datetime

from clinic_contracts.access import location_is_assigned_to, may_schedule, scheduler_may_see_patient
from clinic_contracts.events import LocationChanged, PatientCaseChanged, StaffUserChanged, TherapistChanged
from clinic_requests.domain.rules import Breach, BusinessRule, rule


@rule(
    "staff-may-not-schedule",
    "Only an active staff user with the Scheduling permission can decide appointment requests.",
    Breach.FORBIDDEN,
)
def StaffUserMustBeAScheduler(staff: StaffUserChanged) -> bool:
    return may_schedule(staff)


@rule("patient-not-visible-to-staff", "This patient is not treated at any of your locations.", Breach.FORBIDDEN)
def PatientMustBeVisibleToStaffUser(staff: StaffUserChanged, cases_of_patient: Sequence[PatientCaseChanged]) -> bool:
    return scheduler_may_see_patient(staff, cases_of_patient)


@rule("location-not-assigned-to-staff", "You are not assigned to {location.name}.", Breach.FORBIDDEN)
def LocationMustBeAssignedToStaffUser(staff: StaffUserChanged, location: LocationChanged) -> bool:
    """An edit may not move a request out of the scheduler's reach: to a location (and so to the
    therapists working there) they are not assigned to. Direct booking asks the same."""
    return location_is_assigned_to(staff, location.location_id)


@rule("decline-reason-required", "Say why the request is declined; the portal user will read it.")
def DeclineMustGiveAReason(reason: str) -> bool:
    return bool(reason.strip())


@rule("therapist-inactive", "{therapist.name} is inactive.")
def TherapistMustBeActive(therapist: TherapistChanged) -> bool:
    return therapist.active


@rule("therapist-not-at-location", "{therapist.name} does not work at {location.name}.")
def TherapistMustWorkAtLocation(therapist: TherapistChanged, location: LocationChanged) -> bool:
    return location.location_id in therapist.location_ids


@rule("start-in-the-past", "The new start has already passed.")
def StartMustBeInTheFuture(start: datetime, now: datetime) -> bool:
    return start > now


def scheduler_rules(staff: StaffUserChanged, cases_of_patient: Sequence[PatientCaseChanged]) -> list[BusinessRule]:
    return [StaffUserMustBeAScheduler(staff), PatientMustBeVisibleToStaffUser(staff, cases_of_patient)]
