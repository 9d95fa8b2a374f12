"""Every event model, by its wire name and version."""

from clinic_contracts.events.base import Event, StateEvent
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

ALL_EVENTS: tuple[type[Event], ...] = SETTINGS_EVENTS

__all__ = [
    "ALL_EVENTS",
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
