"""Events published by the clinic-settings service.

Each carries an entity's full new state and travels on a log-compacted topic keyed by the
entity's id, so a new consumer rebuilds its read model from the topics alone. They carry names
and links, never credentials, and no more personal data than scheduling needs.
"""

import uuid
from datetime import datetime, timedelta
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from clinic_contracts.calendar_range import Day
from clinic_contracts.events.base import StateEvent
from clinic_contracts.languages import DEFAULT_LANGUAGE, LanguageTag
from clinic_contracts.request_window import RequestWindow
from clinic_contracts.wall_clock import WallClockTime


class _Value(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class AuthorizationLimit(StrEnum):
    """What a portal request beyond a case's insurance authorization does."""

    WARN = "warn"  # accepted; the scheduler sees that it is over
    BLOCK = "block"  # refused, saying why
    ALLOW = "allow"  # accepted; nothing said


class WaitlistOrder(StrEnum):
    """Who on a case's waitlist is offered a freed time first."""

    FIRST_COME = "first-come"
    PRIORITY = "priority"


class RequestPolicy(_Value):
    """How the clinic lets portal users request appointments."""

    minimum_notice_hours: int = Field(ge=0, le=24 * 90)
    booking_horizon_days: int = Field(ge=1, le=730)
    slot_interval_minutes: int = Field(ge=5, le=240)
    pending_request_holds_slot: bool
    pending_request_expiry_hours: int = Field(ge=1, le=24 * 60)
    max_pending_requests_per_case: int = Field(ge=1, le=100)
    # Portal users may cancel an approved appointment up to this many hours before it starts;
    # None (the default, and what a policy stored before this existed reads as): they may not.
    portal_cancellation_notice_hours: int | None = Field(default=None, ge=0, le=24 * 90)
    # Added later, so optional: the clinic-wide answer to a request beyond a case's authorization
    # (a case's authorization may choose its own).
    authorization_limit: AuthorizationLimit = AuthorizationLimit.WARN
    # The most visits one weekly series may ask for (clinic_contracts.weekly_series); a policy
    # stored before series existed reads as 12.
    max_series_visits: int = Field(default=12, ge=2, le=52)
    # How long the times a scheduler offers instead of the asked-for one stay held for the portal
    # user to answer; a policy stored before counter-offers existed reads as the default.
    counter_offer_hours: int = Field(default=48, ge=1, le=24 * 14)
    # A time freed in the calendar goes to the waitlist: in the order people joined, or by the
    # priority a scheduler gave each entry (then the order they joined); held for the one offered
    # it this long. A policy stored before the waitlist existed reads as the defaults.
    waitlist_order: WaitlistOrder = WaitlistOrder.FIRST_COME
    waitlist_offer_hours: int = Field(default=2, ge=1, le=72)

    @property
    def window(self) -> RequestWindow:
        """When a portal user's request may start (clinic_contracts.request_window)."""
        return RequestWindow(
            minimum_notice=timedelta(hours=self.minimum_notice_hours),
            booking_horizon=timedelta(days=self.booking_horizon_days),
        )

    def allows_series_of(self, visits: int) -> bool:
        """Whether a weekly series may ask for this many visits: the preview (availability) and
        the submission (the request service) refuse alike."""
        return 2 <= visits <= self.max_series_visits

    def portal_cancellation_deadline(self, start: datetime) -> datetime | None:
        """Until when a portal user may cancel an appointment starting at `start`; None: never."""
        if self.portal_cancellation_notice_hours is None:
            return None
        return start - timedelta(hours=self.portal_cancellation_notice_hours)


class OpeningInterval(_Value):
    """One stretch of local wall-clock time on a weekday; a lunch break is the gap between two."""

    weekday: int = Field(ge=0, le=6, description="0 is Monday")
    start: WallClockTime
    end: WallClockTime


class Closure(_Value):
    """Whole local days on which the location is closed, both ends included."""

    first_day: Day
    last_day: Day
    reason: str = ""


class ClinicSettingsChanged(StateEvent):
    """The clinic's full settings after a change."""

    event_type = "ClinicSettingsChanged"

    clinic_id: uuid.UUID
    name: str
    time_zone: str
    appointment_requests_enabled: bool
    request_policy: RequestPolicy
    # Added later, so optional: what the clinic's emails are written in.
    language: LanguageTag = DEFAULT_LANGUAGE

    @property
    def entity_id(self) -> str:
        return str(self.clinic_id)


class LocationChanged(StateEvent):
    event_type = "LocationChanged"

    location_id: uuid.UUID
    clinic_id: uuid.UUID
    name: str
    time_zone: str
    address: str
    allow_appointment_requests: bool
    operating_hours: tuple[OpeningInterval, ...]
    closures: tuple[Closure, ...]
    # A deactivated location keeps its history and takes no requests (it never allows them).
    active: bool = True

    @property
    def entity_id(self) -> str:
        return str(self.location_id)


class VisitTypeChanged(StateEvent):
    event_type = "VisitTypeChanged"

    visit_type_id: uuid.UUID
    clinic_id: uuid.UUID
    name: str
    duration_minutes: int = Field(ge=5, le=480)
    active: bool

    @property
    def entity_id(self) -> str:
        return str(self.visit_type_id)

    @property
    def duration(self) -> timedelta:
        """How long a visit of this type lasts: every service's visit length is this one."""
        return timedelta(minutes=self.duration_minutes)

    def visit_end(self, start: datetime) -> datetime:
        return start + self.duration


class TherapistChanged(StateEvent):
    event_type = "TherapistChanged"

    therapist_id: uuid.UUID
    clinic_id: uuid.UUID
    name: str
    location_ids: tuple[uuid.UUID, ...]
    active: bool

    @property
    def entity_id(self) -> str:
        return str(self.therapist_id)


class PatientChanged(StateEvent):
    """A patient. The date of birth tells two patients of one name apart for schedulers; a
    deactivated patient's cases are discharged and none is opened for them."""

    event_type = "PatientChanged"

    patient_id: uuid.UUID
    clinic_id: uuid.UUID
    name: str
    date_of_birth: Day | None = None
    active: bool = True

    @property
    def entity_id(self) -> str:
        return str(self.patient_id)


class CaseStatus(StrEnum):
    ACTIVE = "active"
    DISCHARGED = "discharged"


class Authorization(_Value):
    """An insurer's authorization for a case: this many visits between two local days (both
    included, in the case location's zone), optionally at most so many a week (Monday to Sunday).
    `limit` overrides the clinic's `RequestPolicy.authorization_limit` for this case. The settings
    service refuses a last day before the first (`authorization-ends-before-it-starts`)."""

    visits: int = Field(ge=1, le=1000)
    first_day: Day
    last_day: Day
    visits_per_week: int | None = Field(default=None, ge=1, le=50)
    limit: AuthorizationLimit | None = None


class PatientCaseChanged(StateEvent):
    """A course of therapy for one patient; requestable only when active and allowing requests."""

    event_type = "PatientCaseChanged"

    case_id: uuid.UUID
    clinic_id: uuid.UUID
    patient_id: uuid.UUID
    title: str
    primary_therapist_id: uuid.UUID
    location_id: uuid.UUID
    status: CaseStatus
    allow_appointment_requests: bool
    requestable_visit_type_ids: tuple[uuid.UUID, ...]
    # Added later, so optional: the insurer's authorization; None tracks none.
    authorization: Authorization | None = None

    @property
    def entity_id(self) -> str:
        return str(self.case_id)


class PortalUserRole(StrEnum):
    PATIENT = "patient"
    CAREGIVER = "caregiver"


class PortalUserChanged(StateEvent):
    """A patient or caregiver who uses the portal, and the patients they may request for."""

    event_type = "PortalUserChanged"

    portal_user_id: uuid.UUID
    clinic_id: uuid.UUID
    name: str
    email: str
    role: PortalUserRole
    active: bool
    patient_ids: tuple[uuid.UUID, ...]

    @property
    def entity_id(self) -> str:
        return str(self.portal_user_id)


class StaffPermission(StrEnum):
    ADMIN = "admin"
    SCHEDULING = "scheduling"


class StaffUserChanged(StateEvent):
    """A clinic employee; a scheduler sees patients whose case location is among theirs."""

    event_type = "StaffUserChanged"

    staff_user_id: uuid.UUID
    clinic_id: uuid.UUID
    name: str
    email: str
    permissions: tuple[StaffPermission, ...]
    all_locations: bool
    location_ids: tuple[uuid.UUID, ...]
    active: bool

    @property
    def entity_id(self) -> str:
        return str(self.staff_user_id)
