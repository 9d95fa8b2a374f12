"""What a scheduler should know about a pending request before deciding it: the settings it was
asked under that no longer hold, because an admin deactivated or switched off something since (a
location, the case, the visit type, the therapist). The request stays pending and decidable; the
scheduler sees why it may need a word with the family first.

The rules are the submission's and the review's own, so "no longer requestable" means exactly what
refusing a new request means.
"""

from clinic_contracts.events import LocationChanged, PatientCaseChanged, TherapistChanged, VisitTypeChanged
from clinic_requests.domain.appointment_request import Reason
from clinic_requests.domain.review_rules import TherapistMustBeActive, TherapistMustWorkAtLocation
from clinic_requests.domain.submission_rules import (
    CaseMustAllowAppointmentRequests,
    CaseMustBeActive,
    LocationMustAllowAppointmentRequests,
    VisitTypeMustBeActive,
)


def settings_no_longer_holding(
    location: LocationChanged, case: PatientCaseChanged, visit_type: VisitTypeChanged, therapist: TherapistChanged
) -> tuple[Reason, ...]:
    rules = (
        LocationMustAllowAppointmentRequests(location),
        CaseMustBeActive(case),
        CaseMustAllowAppointmentRequests(case),
        VisitTypeMustBeActive(visit_type),
        TherapistMustBeActive(therapist),
        TherapistMustWorkAtLocation(therapist, location),
    )
    return tuple(Reason(rule.code, rule.message()) for rule in rules if rule.is_broken())
