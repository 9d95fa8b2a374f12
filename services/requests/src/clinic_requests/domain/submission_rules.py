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
from clinic_requests.domain.rules import Breach, BusinessRule, check, rule


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


@rule("appointment-requests-off", "{clinic.name} does not take appointment requests through the portal.")
def ClinicMustTakeAppointmentRequests(clinic: ClinicSettingsChanged) -> bool:
    return clinic_takes_requests(clinic)


@rule("portal-user-inactive", "This portal account is inactive.")
def PortalUserMustBeActive(portal_user: PortalUserChanged) -> bool:
    return portal_user.active


@rule("portal-user-not-linked-to-patient", "This portal account may not request appointments for this patient.")
def PortalUserMustBeLinkedToPatient(portal_user: PortalUserChanged, patient_id: UUID) -> bool:
    return portal_user_may_request_for(portal_user, patient_id)


@rule("case-of-another-patient", "The case is not this patient's.")
def CaseMustBelongToPatient(case: PatientCaseChanged, patient_id: UUID) -> bool:
    return case.patient_id == patient_id


@rule("case-not-active", "The case {case.title!r} is {case.status}; only an active case takes requests.")
def CaseMustBeActive(case: PatientCaseChanged) -> bool:
    return case_is_active(case)


@rule("case-not-requestable", "The case {case.title!r} does not allow appointment requests.")
def CaseMustAllowAppointmentRequests(case: PatientCaseChanged) -> bool:
    return case_takes_requests(case)


@rule("location-not-the-cases", "The case {case.title!r} is treated at another location than {location.name}.")
def LocationMustBeTheCases(case: PatientCaseChanged, location: LocationChanged) -> bool:
    return case_is_treated_at(case, location)


@rule("location-not-requestable", "{location.name} does not take appointment requests.")
def LocationMustAllowAppointmentRequests(location: LocationChanged) -> bool:
    return location_takes_requests(location)


@rule("visit-type-inactive", "The visit type {visit_type.name!r} is no longer offered.")
def VisitTypeMustBeActive(visit_type: VisitTypeChanged) -> bool:
    return visit_type_is_active(visit_type)


@rule(
    "visit-type-not-requestable-for-case",
    "The visit type {visit_type.name!r} cannot be requested for the case {case.title!r}.",
)
def VisitTypeMustBeAllowedForCase(case: PatientCaseChanged, visit_type: VisitTypeChanged) -> bool:
    return visit_type_is_allowed_for(case, visit_type)


# The calendar's code for the same rule: a refusal says it in the same words either way.
@rule(RefusalReason.WITHIN_MINIMUM_NOTICE, "Requests must start at least {policy.minimum_notice_hours} hours from now.")
def StartMustRespectMinimumNotice(policy: RequestPolicy, start: datetime, now: datetime) -> bool:
    return not policy.window.starts_too_soon(start, now)


@rule(RefusalReason.BEYOND_BOOKING_HORIZON, "Requests must start within {policy.booking_horizon_days} days from now.")
def StartMustBeWithinBookingHorizon(policy: RequestPolicy, start: datetime, now: datetime) -> bool:
    return not policy.window.starts_beyond_horizon(start, now)


@rule(
    "preferred-dates-end-before-they-start",
    "The dates end on {preferred_times.date_to}, before they start on {preferred_times.date_from}.",
)
def PreferredTimesMustNotEndBeforeTheyStart(preferred_times: PreferredTimes) -> bool:
    return preferred_times.date_from <= preferred_times.date_to


@rule(
    "too-many-pending-requests",
    "This case already has {open_requests} requests waiting for an answer"
    " (at most {policy.max_pending_requests_per_case}); wait for one, or cancel one.",
    Breach.CONFLICT,
)
def CaseMustBeUnderPendingRequestCap(policy: RequestPolicy, open_requests: int) -> bool:
    return open_requests < policy.max_pending_requests_per_case


@rule(
    OUTSIDE_AUTHORIZATION,
    "The insurance authorization for {case.title!r} covers visits from"
    " {standing.authorization.first_day:%B %-d, %Y} to {standing.authorization.last_day:%B %-d, %Y};"
    " choose a day in that time, or call the clinic.",
)
def VisitMustBeWithinAuthorization(case: PatientCaseChanged, standing: AuthorizationStanding) -> bool:
    return standing.within_days


@rule(
    AUTHORIZATION_EXHAUSTED,
    "The insurance authorization for {case.title!r} covers {standing.authorization.visits} visits, and all"
    " of them are booked or requested already. Call the clinic about a new authorization.",
    Breach.CONFLICT,
)
def CaseMustHaveAuthorizedVisitsLeft(case: PatientCaseChanged, standing: AuthorizationStanding) -> bool:
    return standing.left >= 0


@rule(
    WEEKLY_AUTHORIZATION_LIMIT,
    "The insurance authorization for {case.title!r} covers at most {standing.authorization.visits_per_week}"
    " visits a week, and that week has as many booked or requested already. Choose a day in another week.",
    Breach.CONFLICT,
)
def VisitMustBeWithinWeeklyAuthorization(case: PatientCaseChanged, standing: AuthorizationStanding) -> bool:
    return not standing.over_week


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
