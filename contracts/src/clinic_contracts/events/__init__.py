"""Every event model, by its wire name and version."""

from clinic_contracts.events.accounts import AccountLinkIssued, AccountLinkPurpose, AccountUserKind

from clinic_contracts.events.availability import (
    AppointmentBooked,
    AppointmentCancelled,
    BookedBy,
    BookingRefused,
    CancelledBy,
    HoldPlaced,
    HoldRefused,
    HoldReleased,
    PendingRequestOverbooked,
    RefusalReason,
)
from clinic_contracts.events.base import Event, StateEvent
from clinic_contracts.events.requests import (
    AppointmentCancellationStarted,
    RequestApprovalStarted,
    RequestApproved,
    RequestCancelled,
    RequestDeclined,
    RequestEditApplied,
    RequestEdited,
    RequestEditRefused,
    RequestExpired,
    RequestPending,
    RequestRefused,
    RequestSubmitted,
)
from clinic_contracts.events.settings import (
    CaseStatus,
    ClinicSettingsChanged,
    Closure,
    LocationChanged,
    OpeningInterval,
    PatientCaseChanged,
    PatientChanged,
    PortalUserChanged,
    PortalUserRole,
    RequestPolicy,
    StaffPermission,
    StaffUserChanged,
    TherapistChanged,
    VisitTypeChanged,
)

SETTINGS_EVENTS: tuple[type[StateEvent], ...] = (
    ClinicSettingsChanged,
    LocationChanged,
    VisitTypeChanged,
    TherapistChanged,
    PatientChanged,
    PatientCaseChanged,
    PortalUserChanged,
    StaffUserChanged,
)

AVAILABILITY_EVENTS: tuple[type[Event], ...] = (
    HoldPlaced,
    HoldRefused,
    HoldReleased,
    PendingRequestOverbooked,
    AppointmentBooked,
    BookingRefused,
    AppointmentCancelled,
)

REQUEST_EVENTS: tuple[type[Event], ...] = (
    RequestSubmitted,
    RequestPending,
    RequestRefused,
    RequestEdited,
    RequestEditApplied,
    RequestEditRefused,
    RequestApprovalStarted,
    RequestApproved,
    RequestDeclined,
    RequestCancelled,
    AppointmentCancellationStarted,
    RequestExpired,
)

ACCOUNT_EVENTS: tuple[type[Event], ...] = (AccountLinkIssued,)

ALL_EVENTS: tuple[type[Event], ...] = SETTINGS_EVENTS + AVAILABILITY_EVENTS + REQUEST_EVENTS + ACCOUNT_EVENTS

__all__ = [
    "ACCOUNT_EVENTS",
    "ALL_EVENTS",
    "AccountLinkIssued",
    "AccountLinkPurpose",
    "AccountUserKind",
    "AVAILABILITY_EVENTS",
    "REQUEST_EVENTS",
    "AppointmentBooked",
    "AppointmentCancellationStarted",
    "AppointmentCancelled",
    "BookedBy",
    "BookingRefused",
    "CancelledBy",
    "HoldPlaced",
    "HoldRefused",
    "HoldReleased",
    "PendingRequestOverbooked",
    "RefusalReason",
    "RequestApprovalStarted",
    "RequestApproved",
    "RequestCancelled",
    "RequestDeclined",
    "RequestEditApplied",
    "RequestEdited",
    "RequestEditRefused",
    "RequestExpired",
    "RequestPending",
    "RequestRefused",
    "RequestSubmitted",
    "SETTINGS_EVENTS",
    "CaseStatus",
    "ClinicSettingsChanged",
    "Closure",
    "Event",
    "LocationChanged",
    "OpeningInterval",
    "PatientCaseChanged",
    "PatientChanged",
    "PortalUserChanged",
    "PortalUserRole",
    "RequestPolicy",
    "StaffPermission",
    "StaffUserChanged",
    "StateEvent",
    "TherapistChanged",
    "VisitTypeChanged",
]
