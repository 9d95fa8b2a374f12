"""What must hold for a scheduler to approve, edit or decline a request.

Schedulers see only the patients they have access to (`clinic_contracts.access`), so a request
they may not see is one they may not decide either.

An edit is a scheduler's judgement, not a portal request: the new location need not take portal
requests and the visit type need not be one the case allows. It must still be something that can
be booked: an active visit type, an active therapist who works at that location, in the clinic,
in the future. Whether the new time is free is availability's answer, through the new hold.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from clinic_contracts.access import location_is_assigned_to, may_schedule, scheduler_may_see_patient
from clinic_contracts.events import LocationChanged, PatientCaseChanged, StaffUserChanged, TherapistChanged
from clinic_requests.domain.rules import Breach, BusinessRule


@dataclass(frozen=True)
class StaffUserMustBeAScheduler(BusinessRule):
    code = "staff-may-not-schedule"
    breach = Breach.FORBIDDEN

    staff: StaffUserChanged

    def is_broken(self) -> bool:
        return not may_schedule(self.staff)

    def message(self) -> str:
        return "Only an active staff user with the Scheduling permission can decide appointment requests."


@dataclass(frozen=True)
class PatientMustBeVisibleToStaffUser(BusinessRule):
    code = "patient-not-visible-to-staff"
    breach = Breach.FORBIDDEN

    staff: StaffUserChanged
    cases_of_patient: Sequence[PatientCaseChanged]

    def is_broken(self) -> bool:
        return not scheduler_may_see_patient(self.staff, self.cases_of_patient)

    def message(self) -> str:
        return "This patient is not treated at any of your locations."


@dataclass(frozen=True)
class LocationMustBeAssignedToStaffUser(BusinessRule):
    """An edit may not move a request out of the scheduler's reach: to a location (and so to the
    therapists working there) they are not assigned to. Direct booking asks the same."""

    code = "location-not-assigned-to-staff"
    breach = Breach.FORBIDDEN

    staff: StaffUserChanged
    location: LocationChanged

    def is_broken(self) -> bool:
        return not location_is_assigned_to(self.staff, self.location.location_id)

    def message(self) -> str:
        return f"You are not assigned to {self.location.name}."


@dataclass(frozen=True)
class DeclineMustGiveAReason(BusinessRule):
    code = "decline-reason-required"

    reason: str

    def is_broken(self) -> bool:
        return not self.reason.strip()

    def message(self) -> str:
        return "Say why the request is declined; the portal user will read it."


@dataclass(frozen=True)
class TherapistMustBeActive(BusinessRule):
    code = "therapist-inactive"

    therapist: TherapistChanged

    def is_broken(self) -> bool:
        return not self.therapist.active

    def message(self) -> str:
        return f"{self.therapist.name} is inactive."


@dataclass(frozen=True)
class TherapistMustWorkAtLocation(BusinessRule):
    code = "therapist-not-at-location"

    therapist: TherapistChanged
    location: LocationChanged

    def is_broken(self) -> bool:
        return self.location.location_id not in self.therapist.location_ids

    def message(self) -> str:
        return f"{self.therapist.name} does not work at {self.location.name}."


@dataclass(frozen=True)
class StartMustBeInTheFuture(BusinessRule):
    code = "start-in-the-past"

    start: datetime
    now: datetime

    def is_broken(self) -> bool:
        return self.start <= self.now

    def message(self) -> str:
        return "The new start has already passed."


def scheduler_rules(staff: StaffUserChanged, cases_of_patient: Sequence[PatientCaseChanged]) -> list[BusinessRule]:
    return [StaffUserMustBeAScheduler(staff), PatientMustBeVisibleToStaffUser(staff, cases_of_patient)]
