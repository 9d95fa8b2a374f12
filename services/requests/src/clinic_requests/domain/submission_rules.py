"""What must hold for a portal user's request to be accepted, one rule per clause.

The clinic-wide gates are `clinic_contracts.access`'s clauses, one rule each, so each refusal can
say which gate is closed; a unit test checks that together they admit exactly what the shared
composite (`portal_user_may_request`) admits.

Which location: the case's own. The shared rule (`case_is_requestable`) ties a case to its
location, and schedulers' access is decided by the case's location too; a different location for
one visit is a scheduler's edit, not a portal choice.

Whether the time itself is bookable (hours, working time, calendar, slot grid) is availability's
answer, through the hold. Only the policy's window is checked here, with the boundaries both
services take from the contract (`clinic_contracts.request_window`), so a hopeless request is
refused at once rather than by an event.
"""

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID
from zoneinfo import ZoneInfo

from clinic_contracts.access import (
    case_is_active,
    case_is_treated_at,
    case_takes_requests,
    clinic_takes_requests,
    location_takes_requests,
    portal_user_may_request_for,
    visit_type_is_active,
    visit_type_is_allowed_for,
)
from clinic_contracts.events import (
    AuthorizationLimit,
    ClinicSettingsChanged,
    LocationChanged,
    PatientCaseChanged,
    PortalUserChanged,
    RefusalReason,
    RequestPolicy,
    VisitTypeChanged,
)
from clinic_contracts.preferred_times import PreferredTimes
from clinic_contracts.weekly_series import SeriesOccurrence
from clinic_requests.domain.appointment_request import Reason
from clinic_requests.domain.authorization import (
    AUTHORIZATION_EXHAUSTED,
    OUTSIDE_AUTHORIZATION,
    WEEKLY_AUTHORIZATION_LIMIT,
    AuthorizationStanding,
    limit_for,
    scheduler_warnings,
)
from clinic_requests.domain.request_series import (
    SeriesMustRepeatWeeklyOrFortnightly,
    SeriesMustSendVisitsItHas,
    SeriesMustStayWithinClinicLength,
    SeriesVisitMustExist,
)
from clinic_requests.domain.rules import Breach, BusinessRule, check


@dataclass(frozen=True)
class SubmissionSettings:
    """The settings a submission is judged by, as the replica knows them."""

    clinic: ClinicSettingsChanged
    portal_user: PortalUserChanged
    case: PatientCaseChanged
    location: LocationChanged
    visit_type: VisitTypeChanged


@dataclass(frozen=True)
class SettingsMustBelongToOneClinic(BusinessRule):
    code = "settings-of-another-clinic"

    clinic_id: UUID
    # (what, the clinic it belongs to)
    owners: tuple[tuple[str, UUID], ...]

    def _strays(self) -> list[str]:
        return [name for name, owner in self.owners if owner != self.clinic_id]

    def is_broken(self) -> bool:
        return bool(self._strays())

    def message(self) -> str:
        return f"The {', '.join(self._strays())} belong to another clinic."


@dataclass(frozen=True)
class ClinicMustTakeAppointmentRequests(BusinessRule):
    code = "appointment-requests-off"

    clinic: ClinicSettingsChanged

    def is_broken(self) -> bool:
        return not clinic_takes_requests(self.clinic)

    def message(self) -> str:
        return f"{self.clinic.name} does not take appointment requests through the portal."


@dataclass(frozen=True)
class PortalUserMustBeActive(BusinessRule):
    code = "portal-user-inactive"

    portal_user: PortalUserChanged

    def is_broken(self) -> bool:
        return not self.portal_user.active

    def message(self) -> str:
        return "This portal account is inactive."


@dataclass(frozen=True)
class PortalUserMustBeLinkedToPatient(BusinessRule):
    code = "portal-user-not-linked-to-patient"

    portal_user: PortalUserChanged
    patient_id: UUID

    def is_broken(self) -> bool:
        return not portal_user_may_request_for(self.portal_user, self.patient_id)

    def message(self) -> str:
        return "This portal account may not request appointments for this patient."


@dataclass(frozen=True)
class CaseMustBelongToPatient(BusinessRule):
    code = "case-of-another-patient"

    case: PatientCaseChanged
    patient_id: UUID

    def is_broken(self) -> bool:
        return self.case.patient_id != self.patient_id

    def message(self) -> str:
        return "The case is not this patient's."


@dataclass(frozen=True)
class CaseMustBeActive(BusinessRule):
    code = "case-not-active"

    case: PatientCaseChanged

    def is_broken(self) -> bool:
        return not case_is_active(self.case)

    def message(self) -> str:
        return f"The case {self.case.title!r} is {self.case.status}; only an active case takes requests."


@dataclass(frozen=True)
class CaseMustAllowAppointmentRequests(BusinessRule):
    code = "case-not-requestable"

    case: PatientCaseChanged

    def is_broken(self) -> bool:
        return not case_takes_requests(self.case)

    def message(self) -> str:
        return f"The case {self.case.title!r} does not allow appointment requests."


@dataclass(frozen=True)
class LocationMustBeTheCases(BusinessRule):
    code = "location-not-the-cases"

    case: PatientCaseChanged
    location: LocationChanged

    def is_broken(self) -> bool:
        return not case_is_treated_at(self.case, self.location)

    def message(self) -> str:
        return f"The case {self.case.title!r} is treated at another location than {self.location.name}."


@dataclass(frozen=True)
class LocationMustAllowAppointmentRequests(BusinessRule):
    code = "location-not-requestable"

    location: LocationChanged

    def is_broken(self) -> bool:
        return not location_takes_requests(self.location)

    def message(self) -> str:
        return f"{self.location.name} does not take appointment requests."


@dataclass(frozen=True)
class VisitTypeMustBeActive(BusinessRule):
    code = "visit-type-inactive"

    visit_type: VisitTypeChanged

    def is_broken(self) -> bool:
        return not visit_type_is_active(self.visit_type)

    def message(self) -> str:
        return f"The visit type {self.visit_type.name!r} is no longer offered."


@dataclass(frozen=True)
class VisitTypeMustBeAllowedForCase(BusinessRule):
    code = "visit-type-not-requestable-for-case"

    case: PatientCaseChanged
    visit_type: VisitTypeChanged

    def is_broken(self) -> bool:
        return not visit_type_is_allowed_for(self.case, self.visit_type)

    def message(self) -> str:
        return f"The visit type {self.visit_type.name!r} cannot be requested for the case {self.case.title!r}."


@dataclass(frozen=True)
class StartMustRespectMinimumNotice(BusinessRule):
    # The calendar's code for the same rule: a refusal says it in the same words either way.
    code = RefusalReason.WITHIN_MINIMUM_NOTICE

    policy: RequestPolicy
    start: datetime
    now: datetime

    def is_broken(self) -> bool:
        return self.policy.window.starts_too_soon(self.start, self.now)

    def message(self) -> str:
        return f"Requests must start at least {self.policy.minimum_notice_hours} hours from now."


@dataclass(frozen=True)
class StartMustBeWithinBookingHorizon(BusinessRule):
    code = RefusalReason.BEYOND_BOOKING_HORIZON

    policy: RequestPolicy
    start: datetime
    now: datetime

    def is_broken(self) -> bool:
        return self.policy.window.starts_beyond_horizon(self.start, self.now)

    def message(self) -> str:
        return f"Requests must start within {self.policy.booking_horizon_days} days from now."


@dataclass(frozen=True)
class PreferredTimesMustNotEndBeforeTheyStart(BusinessRule):
    code = "preferred-dates-end-before-they-start"

    preferred_times: PreferredTimes

    def is_broken(self) -> bool:
        return self.preferred_times.date_to < self.preferred_times.date_from

    def message(self) -> str:
        windows = self.preferred_times
        return f"The dates end on {windows.date_to}, before they start on {windows.date_from}."


@dataclass(frozen=True)
class CaseMustBeUnderPendingRequestCap(BusinessRule):
    code = "too-many-pending-requests"
    breach = Breach.CONFLICT

    policy: RequestPolicy
    open_requests: int

    def is_broken(self) -> bool:
        return self.open_requests >= self.policy.max_pending_requests_per_case

    def message(self) -> str:
        return (
            f"This case already has {self.open_requests} requests waiting for an answer"
            f" (at most {self.policy.max_pending_requests_per_case}); wait for one, or cancel one."
        )


@dataclass(frozen=True)
class VisitMustBeWithinAuthorization(BusinessRule):
    code = OUTSIDE_AUTHORIZATION

    case: PatientCaseChanged
    standing: AuthorizationStanding

    def is_broken(self) -> bool:
        return not self.standing.within_days

    def message(self) -> str:
        authorization = self.standing.authorization
        return (
            f"The insurance authorization for {self.case.title!r} covers visits from"
            f" {authorization.first_day:%B %-d, %Y} to {authorization.last_day:%B %-d, %Y};"
            " choose a day in that time, or call the clinic."
        )


@dataclass(frozen=True)
class CaseMustHaveAuthorizedVisitsLeft(BusinessRule):
    code = AUTHORIZATION_EXHAUSTED
    breach = Breach.CONFLICT

    case: PatientCaseChanged
    standing: AuthorizationStanding

    def is_broken(self) -> bool:
        return self.standing.left < 0

    def message(self) -> str:
        return (
            f"The insurance authorization for {self.case.title!r} covers"
            f" {self.standing.authorization.visits} visits, and all of them are booked or requested"
            " already. Call the clinic about a new authorization."
        )


@dataclass(frozen=True)
class VisitMustBeWithinWeeklyAuthorization(BusinessRule):
    code = WEEKLY_AUTHORIZATION_LIMIT
    breach = Breach.CONFLICT

    case: PatientCaseChanged
    standing: AuthorizationStanding

    def is_broken(self) -> bool:
        return self.standing.over_week

    def message(self) -> str:
        return (
            f"The insurance authorization for {self.case.title!r} covers at most"
            f" {self.standing.authorization.visits_per_week} visits a week, and that week has as many"
            " booked or requested already. Choose a day in another week."
        )


def authorization_rules(case: PatientCaseChanged, standing: AuthorizationStanding) -> list[BusinessRule]:
    """What a visit must keep to of the case's insurance authorization; whether breaking one refuses
    the request, warns the scheduler or says nothing is the clinic's (or the case's) choice."""
    return [
        VisitMustBeWithinAuthorization(case, standing),
        CaseMustHaveAuthorizedVisitsLeft(case, standing),
        VisitMustBeWithinWeeklyAuthorization(case, standing),
    ]


def beyond_authorization(
    case: PatientCaseChanged, judged: AuthorizationStanding | None, policy: RequestPolicy
) -> tuple[Reason, ...]:
    """Under `block`, raises for the first authorization rule the visit breaks; under `warn`, what
    the scheduler is told it is beyond; under `allow`, or for a case without one, nothing."""
    if judged is None:
        return ()
    match limit_for(judged.authorization, policy):
        case AuthorizationLimit.BLOCK:
            check(*authorization_rules(case, judged))
        case AuthorizationLimit.WARN:
            return scheduler_warnings(judged)
    return ()


def settings_rules(settings: SubmissionSettings, patient_id: UUID) -> list[BusinessRule]:
    """Whether the clinic's settings let this portal user request for this patient, case,
    location and visit type at all, in the order a person would check them."""
    case, location, visit_type = settings.case, settings.location, settings.visit_type
    owners = (
        ("portal user", settings.portal_user.clinic_id),
        ("case", case.clinic_id),
        ("location", location.clinic_id),
        ("visit type", visit_type.clinic_id),
    )
    return [
        SettingsMustBelongToOneClinic(settings.clinic.clinic_id, owners),
        ClinicMustTakeAppointmentRequests(settings.clinic),
        PortalUserMustBeActive(settings.portal_user),
        PortalUserMustBeLinkedToPatient(settings.portal_user, patient_id),
        CaseMustBelongToPatient(case, patient_id),
        CaseMustBeActive(case),
        CaseMustAllowAppointmentRequests(case),
        LocationMustBeTheCases(case, location),
        LocationMustAllowAppointmentRequests(location),
        VisitTypeMustBeActive(visit_type),
        VisitTypeMustBeAllowedForCase(case, visit_type),
    ]


def submission_rules(
    settings: SubmissionSettings, patient_id: UUID, start: datetime, now: datetime, open_requests: int
) -> list[BusinessRule]:
    """Every rule a submission must pass, in order."""
    policy = settings.clinic.request_policy
    return [
        *settings_rules(settings, patient_id),
        StartMustRespectMinimumNotice(policy, start, now),
        StartMustBeWithinBookingHorizon(policy, start, now),
        CaseMustBeUnderPendingRequestCap(policy, open_requests),
    ]


def preferred_times_rules(
    settings: SubmissionSettings,
    patient_id: UUID,
    preferred_times: PreferredTimes,
    now: datetime,
    open_requests: int,
) -> list[BusinessRule]:
    """Every rule a request for preferred times must pass, in order: a single request's, with the
    windows' dates (read in the location's zone) in place of one start."""
    policy = settings.clinic.request_policy
    zone = ZoneInfo(settings.location.time_zone)
    return [
        *settings_rules(settings, patient_id),
        PreferredTimesMustNotEndBeforeTheyStart(preferred_times),
        # The single request's window, over the windows' dates: some of them beyond the minimum
        # notice, and every one of them beginning within the booking horizon (the scheduler may
        # choose any time inside them).
        StartMustRespectMinimumNotice(policy, preferred_times.last_moment(zone), now),
        StartMustBeWithinBookingHorizon(policy, preferred_times.last_date_begins(zone), now),
        CaseMustBeUnderPendingRequestCap(policy, open_requests),
    ]


def series_rules(
    settings: SubmissionSettings, patient_id: UUID, interval_weeks: int, visits: int, send: tuple[int, ...]
) -> list[BusinessRule]:
    """What a weekly series must pass before its visits are judged (`series_visit_rules`) and it
    is counted, once, against the case's cap."""
    policy = settings.clinic.request_policy
    return [
        *settings_rules(settings, patient_id),
        SeriesMustRepeatWeeklyOrFortnightly(interval_weeks),
        SeriesMustStayWithinClinicLength(policy, visits),
        SeriesMustSendVisitsItHas(send, visits),
    ]


def series_visit_rules(policy: RequestPolicy, occurrence: SeriesOccurrence, now: datetime) -> list[BusinessRule]:
    """Each visit sent must exist and lie in the request window, as a single request must."""
    if occurrence.start is None:
        return [SeriesVisitMustExist(occurrence)]
    return [
        StartMustRespectMinimumNotice(policy, occurrence.start, now),
        StartMustBeWithinBookingHorizon(policy, occurrence.start, now),
    ]
